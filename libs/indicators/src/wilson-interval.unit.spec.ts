import { wilsonInterval, Z_95 } from './wilson-interval';

describe('wilsonInterval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score interval without continuity
  // correction), given to 4 decimals. Checked by hand with z = 1.959964, z² = 3.841459, limits
  // (p + z²/2n ± z√(p(1-p)/n + z²/4n²)) / (1 + z²/n):
  //   81/263: p = 0.307985, centre 0.315288, half-width 0.056271, divisor 1.014606 -> 0.255289, 0.366210
  //   15/148: p = 0.101351, centre 0.114329, half-width 0.050324, divisor 1.025956 -> 0.062386, 0.160487
  //   0/20:   p = 0,        centre 0.096036, half-width 0.096036, divisor 1.192073 -> 0,        0.161125
  //   1/29:   p = 0.034483, centre 0.100715, half-width 0.093792, divisor 1.132464 -> 0.006113, 0.171755
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i gives Newcombe’s %f–%f', (numerator, denominator, lower, upper) => {
    const interval = wilsonInterval(numerator, denominator);
    expect(interval).not.toBeNull();
    expect(interval![0]).toBeCloseTo(lower, 4);
    expect(interval![1]).toBeCloseTo(upper, 4);
  });

  it('is exactly 0 at 0 of n and exactly 1 at n of n, never outside [0, 1] by rounding', () => {
    // By hand: at p = 0 the centre and half-width are both (z²/2n)/(1 + z²/n), so the lower limit is 0; the
    // upper limit is z²/(n + z²) = 3.841459/23.841459 = 0.161125. n of n mirrors it: 1 - 0.161125 = 0.838875.
    expect(wilsonInterval(0, 20)).toEqual([0, expect.closeTo(0.161125, 6)]);
    expect(wilsonInterval(20, 20)).toEqual([expect.closeTo(0.838875, 6), 1]);
    // Regression: 4 of 4 came out as 0.9999999999999999 by rounding (found by the hand-built histories).
    for (const n of [4, 10, 14, 19, 24]) expect(wilsonInterval(n, n)![1]).toBe(1);
  });

  it('is null when the denominator is 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('narrows with a smaller z', () => {
    // z = 1 for 81/263, by hand: centre (0.307985 + 1/526) / (1 + 1/263) = 0.309886 / 1.003802 = 0.308712,
    // half-width √(0.307985 · 0.692015/263 + 1/276676) / 1.003802 = √0.000814 / 1.003802 = 0.028423
    // -> 0.280289, 0.337135.
    const interval = wilsonInterval(81, 263, 1)!;
    expect(interval[0]).toBeCloseTo(0.280289, 5);
    expect(interval[1]).toBeCloseTo(0.337135, 5);
  });

  it('uses the contract’s z = 1.959964 by default', () => {
    expect(Z_95).toBe(1.959964);
    expect(wilsonInterval(15, 148)).toEqual(wilsonInterval(15, 148, 1.959964));
    expect(wilsonInterval(15, 148)).not.toEqual(wilsonInterval(15, 148, 1.96));
  });

  it.each([
    ['a negative numerator', -1, 10, Z_95],
    ['a numerator above the denominator', 11, 10, Z_95],
    ['a negative denominator', 0, -1, Z_95],
    ['a numerator above a denominator of 0', 1, 0, Z_95],
    ['NaN', Number.NaN, 10, Z_95],
    ['an infinite denominator', 1, Number.POSITIVE_INFINITY, Z_95],
    ['z of 0', 1, 10, 0],
    ['a negative z', 1, 10, -1.96],
  ])('throws RangeError on %s', (_label, numerator, denominator, z) => {
    expect(() => wilsonInterval(numerator, denominator, z)).toThrow(RangeError);
  });
});
