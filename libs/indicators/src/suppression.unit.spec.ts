import { distribution } from './distribution';
import { proportion } from './proportion';
import { rate } from './rate';
import { MINIMUM_UNITS, secondarySuppression, suppressCount, suppressDistribution, suppressProportion, suppressRate } from './suppression';

describe('suppression for figures that leave the kommune', () => {
  it('uses the 3 units of DOMAIN.md by default', () => {
    expect(MINIMUM_UNITS).toBe(3);
  });

  describe('suppressProportion', () => {
    it('nulls every field below 3 units, the numerator and interval included', () => {
      expect(suppressProportion(proportion(2, 2))).toEqual({
        value: null,
        numerator: null,
        denominator: null,
        ci95: null,
        suppressed: true,
      });
      expect(suppressProportion(proportion(0, 0))).toEqual({
        value: null,
        numerator: null,
        denominator: null,
        ci95: null,
        suppressed: true,
      });
    });

    it('keeps the figure from 3 units on', () => {
      const figure = proportion(1, 3);
      expect(suppressProportion(figure)).toEqual({ ...figure, suppressed: false });
      expect(suppressProportion(figure).value).toBe(1 / 3);
    });

    it('takes another minimum', () => {
      // A survey figure needs 5 answers (DOMAIN.md): 4 is suppressed, 5 is not.
      expect(suppressProportion(proportion(2, 4), 5).suppressed).toBe(true);
      expect(suppressProportion(proportion(2, 5), 5).suppressed).toBe(false);
    });
  });

  describe('suppressRate', () => {
    it('nulls every field when the denominator is below 3', () => {
      expect(suppressRate(rate(5, 2, 100))).toEqual({ value: null, numerator: null, denominator: null, suppressed: true });
      expect(suppressRate(rate(1, 2.99))).toEqual({ value: null, numerator: null, denominator: null, suppressed: true });
    });

    it('keeps the figure when the denominator is 3 or more, however small the numerator', () => {
      expect(suppressRate(rate(0, 3, 100))).toEqual({ value: 0, numerator: 0, denominator: 3, suppressed: false });
    });

    it('takes another minimum', () => {
      expect(suppressRate(rate(1, 4), 5).suppressed).toBe(true);
      expect(suppressRate(rate(1, 5), 5).suppressed).toBe(false);
    });
  });

  describe('suppressCount', () => {
    it.each([0, 1, 2])('suppresses a count of %i', (count) => {
      expect(suppressCount(count)).toEqual({ value: null, suppressed: true });
    });

    it.each([3, 250])('keeps a count of %i', (count) => {
      expect(suppressCount(count)).toEqual({ value: count, suppressed: false });
    });

    it('takes another minimum', () => {
      expect(suppressCount(4, 5)).toEqual({ value: null, suppressed: true });
      expect(suppressCount(5, 5)).toEqual({ value: 5, suppressed: false });
    });
  });

  describe('suppressDistribution', () => {
    it('nulls every field when n is below 3', () => {
      expect(suppressDistribution(distribution([4, 9]))).toEqual({ n: null, median: null, p90: null, suppressed: true });
    });

    it('takes another minimum', () => {
      expect(suppressDistribution(distribution([1, 2, 3, 4]), 5).suppressed).toBe(true);
      expect(suppressDistribution(distribution([1, 2, 3, 4, 5]), 5).suppressed).toBe(false);
    });

    it('keeps the figure from n = 3 on', () => {
      // Sorted 4, 9, 20: median 9; p90 h = 2 · 0.9 = 1.8 -> 9 + 0.8 · 11 = 17.8.
      expect(suppressDistribution(distribution([20, 4, 9]))).toEqual({ n: 3, median: 9, p90: expect.closeTo(17.8, 12), suppressed: false });
    });
  });

  it.each([
    ['a negative count', () => suppressCount(-1)],
    ['a NaN count', () => suppressCount(Number.NaN)],
    ['a negative minimum', () => suppressProportion(proportion(1, 3), -1)],
    ['a NaN minimum', () => suppressRate(rate(1, 3), Number.NaN)],
    ['an infinite minimum', () => suppressDistribution(distribution([1, 2, 3]), Number.POSITIVE_INFINITY)],
  ])('throws RangeError on %s', (_label, suppress) => {
    expect(suppress).toThrow(RangeError);
  });
});

describe('secondarySuppression: no suppressed cell can be recomputed from the published total', () => {
  // The rows are a kommune's five department cells (units behind each); the whole-kommune total is published.
  const primaryOf = (sizes: number[]) => sizes.map((size) => size < MINIMUM_UNITS);

  it('suppresses nothing when no cell is below the minimum', () => {
    expect(secondarySuppression([10, 20, 5, 7, 30], primaryOf([10, 20, 5, 7, 30]))).toEqual([false, false, false, false, false]);
  });

  it('adds the smallest published cell when exactly one is suppressed', () => {
    // Total 2 + 20 + 5 + 7 + 30 = 64 is published. With only the 2 hidden, 64 - (20 + 5 + 7 + 30) = 2 gives it back.
    // Hiding the smallest other cell (5) too leaves 64 - (20 + 7 + 30) = 7 = 2 + 5: neither cell can be told apart.
    expect(secondarySuppression([2, 20, 5, 7, 30], primaryOf([2, 20, 5, 7, 30]))).toEqual([true, false, true, false, false]);
  });

  it('protects a cell of 0 units the same way', () => {
    // "None" is a small cell too. Total 29; 29 - (10 + 12 + 3 + 4) = 0 would give the empty cell back. The smallest
    // published cell is the 3: the two hidden hold 0 + 3 = 3 units, the minimum.
    expect(secondarySuppression([0, 10, 12, 3, 4], primaryOf([0, 10, 12, 3, 4]))).toEqual([true, false, false, true, false]);
  });

  it('goes on while the suppressed cells together hold fewer than the minimum', () => {
    // 1 and 1 are hidden: total 24 - (10 + 4 + 8) = 2 would reveal that the two together hold 2 units, a small cell of
    // its own. The smallest published cell (4) follows: the three hidden hold 1 + 1 + 4 = 6 units.
    expect(secondarySuppression([1, 1, 10, 4, 8], primaryOf([1, 1, 10, 4, 8]))).toEqual([true, true, false, true, false]);
  });

  it('needs nothing more when two or more suppressed cells hold the minimum together', () => {
    // 2 + 2 = 4 >= 3: the total reveals only that sum.
    expect(secondarySuppression([2, 2, 10, 40, 8], primaryOf([2, 2, 10, 40, 8]))).toEqual([true, true, false, false, false]);
  });

  it('breaks ties by taking the earlier cell', () => {
    expect(secondarySuppression([0, 6, 6, 9, 12], primaryOf([0, 6, 6, 9, 12]))).toEqual([true, true, false, false, false]);
  });

  it('suppresses every cell when even all but one together hold fewer than the minimum', () => {
    // 1 + 0 + 1 + 0 = 2 < 3 with the 50 published; hiding the 50 as well is the only way left.
    expect(secondarySuppression([1, 0, 1, 0, 50], primaryOf([1, 0, 1, 0, 50]))).toEqual([true, true, true, true, true]);
  });

  it('respects a primary decision taken by another rule, and takes another minimum', () => {
    // Survey cells (minimum 5): the 7 is suppressed by the caller for a reason of its own; it is alone, so the
    // smallest published cell, 6, follows (7 + 6 = 13 >= 5).
    expect(secondarySuppression([7, 9, 6, 20, 11], [true, false, false, false, false], 5)).toEqual([true, false, true, false, false]);
    // 4 alone (4 < 5): the next smallest is 5, together 9.
    expect(secondarySuppression([4, 9, 5, 20, 11], [true, false, false, false, false], 5)).toEqual([true, false, true, false, false]);
  });

  it('leaves the input arrays unchanged, and refuses rows of different lengths or negative sizes', () => {
    const primary = [true, false, false];
    secondarySuppression([1, 5, 6], primary);
    expect(primary).toEqual([true, false, false]);
    expect(() => secondarySuppression([1, 2], [true])).toThrow(RangeError);
    expect(() => secondarySuppression([-1, 2], [true, false])).toThrow(RangeError);
  });
});
