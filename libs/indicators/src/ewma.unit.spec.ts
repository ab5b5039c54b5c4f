import { ewmaLimits, ewmaStep, ewmaVarianceStep } from './ewma';
import { MONTGOMERY_TABLE_9_1 } from './montgomery-example-9-1.test-data';

describe('the EWMA', () => {
  // Montgomery's EWMA example on the data of Table 9.1: λ = 0.1, L = 2.7, μ0 = 10, σ = 1, z_0 = μ0.
  const design = { mu0: 10, sigma: 1, lambda: 0.1, L: 2.7 };
  const z: number[] = [];
  MONTGOMERY_TABLE_9_1.reduce((previous, x) => {
    const next = ewmaStep(previous, x, design.lambda);
    z.push(next);
    return next;
  }, design.mu0);

  it('follows z_t = λx_t + (1 − λ)z_{t−1} by hand on the first periods', () => {
    // z1 = 0.1·9.45 + 0.9·10 = 9.945; z2 = 0.1·7.99 + 0.9·9.945 = 0.799 + 8.9505 = 9.7495;
    // z3 = 0.929 + 0.9·9.7495 = 0.929 + 8.77455 = 9.70355.
    expect(z[0]).toBeCloseTo(9.945, 10);
    expect(z[1]).toBeCloseTo(9.7495, 10);
    expect(z[2]).toBeCloseTo(9.70355, 10);
  });

  it('has the limits μ0 ± Lσ√(λ/(2−λ)(1−(1−λ)^{2t})), worked by hand', () => {
    // t = 1: λ/(2−λ) = 0.1/1.9 = 0.0526316; 1 − 0.9² = 0.19; √(0.0526316·0.19) = √0.01 = 0.1; ± 2.7·0.1 = ±0.27.
    expect(ewmaLimits(1, design).upper).toBeCloseTo(10.27, 10);
    expect(ewmaLimits(1, design).lower).toBeCloseTo(9.73, 10);
    // t = 2: 1 − 0.9⁴ = 0.3439; √(0.0526316·0.3439) = √0.0181 = 0.134535; ± 0.363244.
    expect(ewmaLimits(2, design).upper).toBeCloseTo(10.363244, 5);
    // Steady state: 2.7·√(0.1/1.9) = 2.7·0.229416 = 0.619423.
    expect(ewmaLimits(1000, design).upper).toBeCloseTo(10.619423, 5);
  });

  it('signals first at period 29 (z29 = 10.6468 > 10.6187; computed by hand here, not quoted from the book)', () => {
    // z28 = 10.5731 stays below its limit 10.6186; z29 = 0.1·11.31 + 0.9·10.5731 = 10.6468.
    const signals = z.map((value, index) => value > ewmaLimits(index + 1, design).upper);
    expect(signals.indexOf(true) + 1).toBe(29);
    expect(z[27]).toBeCloseTo(10.5731, 4);
    expect(z[28]).toBeCloseTo(10.6468, 4);
    expect(signals.slice(0, 28).every((signal) => !signal)).toBe(true);
  });

  it('accumulates to the textbook variance when the observations all have the same σ', () => {
    let variance = 0;
    for (let t = 1; t <= 40; t++) {
      variance = ewmaVarianceStep(variance, 1.7 ** 2, 0.2);
      const textbook = ewmaLimits(t, { mu0: 0, sigma: 1.7, lambda: 0.2, L: 1 }).upper; // L = 1: the standard deviation itself
      expect(Math.sqrt(variance)).toBeCloseTo(textbook, 12);
    }
  });

  it('refuses λ outside (0, 1]', () => {
    expect(() => ewmaStep(0, 1, 0)).toThrow(RangeError);
    expect(() => ewmaStep(0, 1, 1.5)).toThrow(RangeError);
  });
});
