import { containsCprNumber } from './cpr';

describe('containsCprNumber', () => {
  it.each(['0101901234', '010190-1234', 'SAG-3112851234', 'x:290200-0001', '1505771234.b'])('finds a CPR number in %s', (text) => {
    expect(containsCprNumber(text)).toBe(true);
  });

  it.each([
    ['a case number of other digits', 'SAG-2024-000123'],
    ['an impossible date (day 32)', '3201901234'],
    ['an impossible month (13)', '0113901234'],
    ['29 February of a year not divisible by 4', '2902011234'],
    ['ten digits inside a longer run', '120101901234'],
    ['nine digits', '010190123'],
    ['no digits', 'case-abc'],
  ])('finds none in %s', (_label, text) => {
    expect(containsCprNumber(text)).toBe(false);
  });
});
