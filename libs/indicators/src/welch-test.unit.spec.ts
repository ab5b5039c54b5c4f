import { welchTest, type SampleSummary } from './welch-test';

/** n, mean and sample standard deviation (divisor n - 1) of raw data, for the published examples below. */
function summarise(values: number[]): SampleSummary {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { n: values.length, mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

describe('welchTest', () => {
  // Wikipedia, "Welch's t-test", Examples, example 1 (equal sizes), reported there to 2-3 digits: t = -2.46,
  // p = 0.021. To 6 digits with scipy 1.17 stats.ttest_ind(equal_var=False): t = -2.455356, df = 24.988529,
  // p = 0.021378, 95 % CI -3.984096 to -0.349237. By hand: means 312.3/15 = 20.82 and 344.8/15 = 22.986667; sums of squares
  // 110.144 and 53.377333, so s²/n = 7.867429/15 = 0.524495 and 3.812667/15 = 0.254178; SE = √0.778673 = 0.882425;
  // t = -2.166667 / 0.882425 = -2.455356; df = 0.778673² / ((0.524495² + 0.254178²) / 14) = 0.606332 / 0.024264
  // = 24.989 (so 25.0 to one decimal, not 24.9).
  const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

  it('reproduces Wikipedia’s example 1', () => {
    const result = welchTest(summarise(a1), summarise(a2));
    expect(result.difference).toBeCloseTo(-2.166667, 6);
    expect(result.t).toBeCloseTo(-2.455356, 6);
    expect(result.df).toBeCloseTo(24.988529, 5);
    expect(result.p).toBeCloseTo(0.021378, 5);
    expect(result.ci[0]).toBeCloseTo(-3.984096, 5);
    expect(result.ci[1]).toBeCloseTo(-0.349237, 5);
  });

  // Example 2 of the same article (unequal sizes 10 and 20), reported as t = -1.57, df = 9.90, p = 0.149; scipy gives
  // t = -1.565434, df = 9.904741, p = 0.148842. A mix-up of the two n in the df formula would not reproduce it.
  it('reproduces Wikipedia’s example 2, with unequal sizes', () => {
    const b1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b2 = [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8];
    const result = welchTest(summarise(b1), summarise(b2));
    expect(result.t).toBeCloseTo(-1.565434, 6);
    expect(result.df).toBeCloseTo(9.904741, 5);
    expect(result.p).toBeCloseTo(0.148842, 5);
  });

  it('gives df = 2n - 2 for equal sizes and standard deviations (worked by hand)', () => {
    // n = 5, sd = 2 on both sides: s²/n = 0.8 each, SE = √1.6 = 1.264911, t = 2 / 1.264911 = 1.581139,
    // df = 1.6² / (2 · 0.8² / 4) = 2.56 / 0.32 = 8; CI 2 ± t(0.975, 8) · SE = 2 ± 2.306004 · 1.264911
    // = -0.916890 to 4.916890 (t(0.975, 8) = 2.306 in NIST e-Handbook 1.3.6.7.2).
    const result = welchTest({ n: 5, mean: 10, sd: 2 }, { n: 5, mean: 8, sd: 2 });
    expect(result.difference).toBe(2);
    expect(result.t).toBeCloseTo(1.581139, 6);
    expect(result.df).toBeCloseTo(8, 10);
    expect(result.ci[0]).toBeCloseTo(-0.91689, 4);
    expect(result.ci[1]).toBeCloseTo(4.91689, 4);
    // Two-sided p of t = 1.581139 at 8 df: 0.152502 (scipy 2 · t.sf(1.581139, 8)); between the table's
    // 0.10 (t = 1.860) and 0.20 (t = 1.397).
    expect(result.p).toBeCloseTo(0.152502, 5);
  });

  it('gives df = n - 1 of the other sample when one standard deviation is 0', () => {
    // s²/n of b is 0, so df = (s²/n)² / ((s²/n)² / (n - 1)) = n - 1 = 9.
    expect(welchTest({ n: 10, mean: 1, sd: 1 }, { n: 4, mean: 1, sd: 0 }).df).toBeCloseTo(9, 10);
  });

  it('is a.mean - b.mean: swapping the samples mirrors t and the interval', () => {
    const forwards = welchTest(summarise(a1), summarise(a2));
    const backwards = welchTest(summarise(a2), summarise(a1));
    expect(backwards.difference).toBeCloseTo(2.166667, 6);
    expect(backwards.t).toBeCloseTo(-forwards.t, 12);
    expect(backwards.ci[0]).toBeCloseTo(-forwards.ci[1], 12);
    expect(backwards.p).toBeCloseTo(forwards.p, 12);
  });

  it('widens the interval with the confidence', () => {
    // Example 1 at 99 %: -2.166667 ± t(0.995, 24.988529) · 0.882425 = ± 2.787 · 0.882425 (scipy: -4.626 to 0.293).
    const result = welchTest(summarise(a1), summarise(a2), 0.99);
    expect(result.ci[0]).toBeCloseTo(-4.626, 2);
    expect(result.ci[1]).toBeCloseTo(0.293, 2);
  });

  it('gives p = 1 for equal means, never above 1', () => {
    // Equal n and sd give df = 2 · 501 - 2 = 1000, where jstat's cdf(0) is 0.50000004: p would be 1.00000009.
    const result = welchTest({ n: 501, mean: 2, sd: 0.8 }, { n: 501, mean: 2, sd: 0.8 });
    expect(result.t).toBe(0);
    expect(result.p).toBeLessThanOrEqual(1);
    expect(result.p).toBeCloseTo(1, 5);
  });

  // The message is checked too: without the checks in welchTest, most of these would still end in a RangeError,
  // but a misleading one from studentTQuantile about a NaN df.
  it.each<[string, SampleSummary, SampleSummary, number, RegExp]>([
    ['n = 1 on the first side', { n: 1, mean: 2, sd: 0 }, { n: 5, mean: 2, sd: 1 }, 0.95, /a\.n must be at least 2/],
    ['n = 0 on the second side', { n: 5, mean: 2, sd: 1 }, { n: 0, mean: 0, sd: 0 }, 0.95, /b\.n must be at least 2/],
    ['a fractional n', { n: 4.5, mean: 2, sd: 1 }, { n: 5, mean: 2, sd: 1 }, 0.95, /a\.n must be an integer/],
    ['a negative sd', { n: 5, mean: 2, sd: -1 }, { n: 5, mean: 2, sd: 1 }, 0.95, /a\.sd must be at least 0/],
    ['a NaN mean', { n: 5, mean: Number.NaN, sd: 1 }, { n: 5, mean: 2, sd: 1 }, 0.95, /a\.mean must be a finite number/],
    ['both sd 0', { n: 5, mean: 3, sd: 0 }, { n: 5, mean: 2, sd: 0 }, 0.95, /standard deviation 0/],
    ['a confidence of 1', { n: 5, mean: 2, sd: 1 }, { n: 5, mean: 2, sd: 1 }, 1, /confidence/],
    ['a confidence given as a percentage', { n: 5, mean: 2, sd: 1 }, { n: 5, mean: 2, sd: 1 }, 95, /confidence/],
  ])('throws RangeError on %s', (_label, a, b, confidence, message) => {
    expect(() => welchTest(a, b, confidence)).toThrow(RangeError);
    expect(() => welchTest(a, b, confidence)).toThrow(message);
  });
});
