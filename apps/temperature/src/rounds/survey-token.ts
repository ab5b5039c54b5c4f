import { createHash, randomBytes } from 'node:crypto';

/** RFC 4648 base32 in lower case: no 0/1/8/9, case-insensitive, so a token read off paper is typed without doubt. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A one-time token: 128 random bits, 26 characters. */
export function newSurveyToken(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let token = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) token += ALPHABET[(value << (5 - bits)) & 31];
  return token;
}

/**
 * What the server keeps of a token: its SHA-256, hex. A token has 128 random bits, so the hash cannot be reversed by
 * guessing; no key is needed (and none could leak). Case and surrounding space are ignored, as a person types it.
 */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token.trim().toLowerCase()).digest('hex');
}
