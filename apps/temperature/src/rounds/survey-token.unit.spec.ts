import { createHash } from 'node:crypto';
import { hashSurveyToken, newSurveyToken } from './survey-token';

describe('survey tokens', () => {
  it('are 26 characters of lower-case base32: 128 random bits (26 × 5 = 130, the last 2 bits padding)', () => {
    const tokens = Array.from({ length: 2_000 }, newSurveyToken);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{25}[aeimquy4]$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Every symbol turns up in the first position: the bits are not stuck.
    expect(new Set(tokens.map((token) => token[0])).size).toBe(32);
  });

  it('are kept as the SHA-256 of the token as a person types it, case and surrounding space ignored', () => {
    const expected = createHash('sha256').update('abcdefghijklmnopqrstuvwxya').digest('hex');
    expect(hashSurveyToken('abcdefghijklmnopqrstuvwxya')).toBe(expected);
    expect(hashSurveyToken(' ABCDEFGHIJKLMNOPQRSTUVWXYA ')).toBe(expected);
  });
});
