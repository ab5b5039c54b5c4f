import { rate } from './rate';

describe('rate', () => {
  it('divides the numerator by the denominator', () => {
    // 7 caseworker changes over 2.5 case-years: 7 / 2.5 = 2.8 per case-year.
    expect(rate(7, 2.5)).toEqual({ value: expect.closeTo(2.8, 12), numerator: 7, denominator: 2.5 });
  });

  it('multiplies by the scale', () => {
    // 3 appeals against 40 decisions per 100 decisions: 100 · 3 / 40 = 7.5.
    expect(rate(3, 40, 100)).toEqual({ value: 7.5, numerator: 3, denominator: 40 });
  });

  it('allows a numerator above the denominator', () => {
    // 45 personal contacts over 12 case-months: 3.75 per case-month.
    expect(rate(45, 12).value).toBe(3.75);
  });

  it('has value null when the denominator is 0, whatever the numerator', () => {
    expect(rate(0, 0, 100)).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(rate(2, 0, 100)).toEqual({ value: null, numerator: 2, denominator: 0 });
  });

  it.each([
    ['a negative numerator', -1, 10, 1],
    ['a negative denominator', 1, -10, 1],
    ['an infinite numerator', Number.POSITIVE_INFINITY, 10, 1],
    ['a NaN denominator', 1, Number.NaN, 1],
    ['a scale of 0', 1, 10, 0],
    ['a negative scale', 1, 10, -100],
    ['a NaN scale', 1, 10, Number.NaN],
  ])('throws RangeError on %s', (_label, numerator, denominator, scale) => {
    expect(() => rate(numerator, denominator, scale)).toThrow(RangeError);
  });
});
