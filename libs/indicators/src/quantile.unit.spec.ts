import { median, quantile } from './quantile';

describe('quantile (R type 7, numpy’s default)', () => {
  // numpy's documented example (numpy.percentile and numpy.quantile docstrings): a = [[10, 7, 4], [3, 2, 1]],
  // np.percentile(a, 50) = 3.5 over all six values, 6.5, 4.5, 2.5 down the columns, 7 and 2 along the rows.
  it.each([
    [[10, 7, 4, 3, 2, 1], 3.5],
    [[10, 3], 6.5],
    [[7, 2], 4.5],
    [[4, 1], 2.5],
    [[10, 7, 4], 7],
    [[3, 2, 1], 2],
  ])('median of %j is %f as in numpy’s documentation', (values, expected) => {
    expect(quantile(values, 0.5)).toBeCloseTo(expected, 12);
  });

  // Wikipedia, "Percentile", the worked example of the second variant (C = 1, numpy and Excel PERCENTILE.INC) on
  // {15, 20, 35, 40, 50}; by hand with h = (n - 1)p = 4p:
  //   5th:  h = 0.2 -> 15 + 0.2 · 5  = 16        30th: h = 1.2 -> 20 + 0.2 · 15 = 23
  //   40th: h = 1.6 -> 20 + 0.6 · 15 = 29        95th: h = 3.8 -> 40 + 0.8 · 10 = 48
  it.each([
    [0.05, 16],
    [0.3, 23],
    [0.4, 29],
    [0.95, 48],
  ])('the %f-quantile of {15, 20, 35, 40, 50} is %f', (p, expected) => {
    expect(quantile([15, 20, 35, 40, 50], p)).toBeCloseTo(expected, 12);
  });

  it('gives 9.1 for the 90th percentile of 1..10', () => {
    // By hand: h = 9 · 0.9 = 8.1, between the 9th and 10th values (9 and 10): 9 + 0.1 · 1 = 9.1.
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
  });

  it('gives 1.75 for the first quartile of 1..4', () => {
    // By hand: h = 3 · 0.25 = 0.75 -> 1 + 0.75 · (2 - 1) = 1.75 (type 6 would give 1.25, type 1 gives 1).
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
  });

  it('gives the minimum at 0 and the maximum at 1, exactly', () => {
    const values = [0.1, 0.7, 0.3];
    expect(quantile(values, 0)).toBe(0.1);
    expect(quantile(values, 1)).toBe(0.7);
  });

  it('is the value itself for a single value', () => {
    expect(quantile([42], 0.9)).toBe(42);
  });

  it('sorts numerically, not as strings', () => {
    // As strings 10 < 9, which would give a median of (10 + 100) / 2 = 55 or 9.5; numerically it is 9.
    expect(quantile([100, 9, 10, 2, 1], 0.5)).toBe(9);
  });

  it('handles negative values and ties', () => {
    // Sorted: -3, -1, -1, 4; h = 3 · 0.5 = 1.5 -> -1 + 0.5 · 0 = -1; p = 5/6: h = 2.5 -> -1 + 0.5 · 5 = 1.5.
    expect(quantile([4, -1, -3, -1], 0.5)).toBe(-1);
    expect(quantile([4, -1, -3, -1], 5 / 6)).toBeCloseTo(1.5, 12);
  });

  it('does not change its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([
    ['no values', [], 0.5],
    ['NaN among the values', [1, Number.NaN, 3], 0.5],
    ['Infinity among the values', [1, Number.POSITIVE_INFINITY], 0.5],
    ['p below 0', [1, 2], -0.1],
    ['p above 1', [1, 2], 1.1],
    ['p NaN', [1, 2], Number.NaN],
    ['p given as a percentage', [1, 2], 90],
  ])('throws RangeError on %s', (_label, values, p) => {
    expect(() => quantile(values, p)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value for odd n and the mean of the two middle values for even n', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([5, 1, 3, 2])).toBe(2.5);
  });

  it('throws RangeError on no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});
