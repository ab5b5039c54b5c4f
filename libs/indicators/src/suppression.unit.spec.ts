import { distribution } from './distribution';
import { proportion } from './proportion';
import { rate } from './rate';
import { MINIMUM_UNITS, suppressCount, suppressDistribution, suppressProportion, suppressRate } from './suppression';

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
