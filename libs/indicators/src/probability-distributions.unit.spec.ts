import { normalQuantile, studentTCdf, studentTQuantile } from './probability-distributions';

describe('normalQuantile', () => {
  it('gives 1.959964 at 0.975, the z of every interval in CONTRACT.md', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
  });

  // NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.1, critical values of the normal distribution:
  // 1.645 (0.95), 2.576 (0.995), 3.090 (0.999, the funnel alarm limit of DOMAIN.md).
  it.each([
    [0.95, 1.645],
    [0.995, 2.576],
    [0.999, 3.09],
  ])('gives the tabulated critical value at %f', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 3);
  });

  it('is 0 at 0.5 and antisymmetric about it', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6);
  });

  it.each([0, 1, -0.1, 1.1, Number.NaN])('throws RangeError at p = %f', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  // Closed forms (Student's t-distribution, special cases): df = 1 is the Cauchy distribution,
  // quantile tan(π(p - 1/2)); df = 2 has quantile (2p - 1) / √(2p(1 - p)). By hand at p = 0.975:
  //   df = 1: tan(0.475π) = 12.706205        df = 2: 0.95 / √0.04875 = 0.95 / 0.220794 = 4.302653
  // and at p = 0.1, df = 2: -0.8 / √0.18 = -0.8 / 0.424264 = -1.885618. jstat is good to about 1e-8 here.
  it('matches the closed forms for df = 1 and df = 2', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 8);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 6);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 6);
    expect(studentTQuantile(0.1, 2)).toBeCloseTo(-1.885618, 6);
  });

  // NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2, critical values of Student's t distribution.
  it.each([
    [0.975, 10, 2.228],
    [0.975, 30, 2.042],
    [0.95, 5, 2.015],
    [0.975, 8, 2.306],
  ])('gives the tabulated value at p = %f, df = %i', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
  });

  it('accepts a decimal df and lies between its integer neighbours', () => {
    const at24 = studentTQuantile(0.975, 24);
    const at25 = studentTQuantile(0.975, 25);
    const between = studentTQuantile(0.975, 24.5);
    expect(between).toBeLessThan(at24);
    expect(between).toBeGreaterThan(at25);
  });

  it.each([
    [0, 10],
    [1, 10],
    [0.975, 0],
    [0.975, -3],
    [0.975, Number.POSITIVE_INFINITY],
    [0.975, Number.NaN],
  ])('throws RangeError at p = %f, df = %f', (p, df) => {
    expect(() => studentTQuantile(p, df)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  // Closed forms: df = 1: 1/2 + atan(x)/π; df = 2: 1/2 + x / (2√(2 + x²)). By hand:
  //   df = 1, x = 1:  1/2 + (π/4)/π = 0.75
  //   df = 2, x = 2:  1/2 + 2 / (2√6) = 0.5 + 0.408248 = 0.908248
  //   df = 2, x = -3: 1/2 - 3 / (2√11) = 0.5 - 0.452267 = 0.047733
  it.each([
    [1, 1, 0.75],
    [2, 2, 0.908248],
    [-3, 2, 0.047733],
  ])('matches the closed form at x = %f, df = %i', (x, df, expected) => {
    expect(studentTCdf(x, df)).toBeCloseTo(expected, 6);
  });

  it('gives 0.975 at the tabulated critical value 2.228139 for df = 10', () => {
    // NIST e-Handbook 1.3.6.7.2 gives 2.228 to 3 decimals; 2.228139 is the value to 6 (e.g. R qt(0.975, 10)).
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 6);
  });

  it('is 1/2 at 0', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 8);
  });

  it.each([
    [Number.NaN, 10],
    [Number.POSITIVE_INFINITY, 10],
    [1, 0],
    [1, Number.NaN],
  ])('throws RangeError at x = %f, df = %f', (x, df) => {
    expect(() => studentTCdf(x, df)).toThrow(RangeError);
  });
});
