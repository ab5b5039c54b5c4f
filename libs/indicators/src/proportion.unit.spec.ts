import { proportion } from './proportion';

describe('proportion', () => {
  it('answers value, numerator, denominator and the Wilson interval', () => {
    // 15/148 = 0.101351; interval from Newcombe (1998), Statistics in Medicine 17:857–872, Table I: 0.0624–0.1605.
    const figure = proportion(15, 148);
    expect(figure).toEqual({
      value: expect.closeTo(0.101351, 6),
      numerator: 15,
      denominator: 148,
      ci95: [expect.closeTo(0.0624, 4), expect.closeTo(0.1605, 4)],
    });
  });

  it('leaves the value unrounded', () => {
    expect(proportion(1, 3).value).toBe(1 / 3);
  });

  it('has value and ci95 null when the denominator is 0 (CONTRACT.md section 3)', () => {
    expect(proportion(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0, ci95: null });
  });

  it.each([
    [4, 3],
    [-1, 3],
    [Number.NaN, 3],
  ])('throws RangeError on %f of %f', (numerator, denominator) => {
    expect(() => proportion(numerator, denominator)).toThrow(RangeError);
  });
});
