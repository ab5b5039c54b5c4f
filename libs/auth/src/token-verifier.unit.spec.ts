import { SignJWT } from 'jose';
import { ROLES } from './roles';
import { issueDemoTokens, issueToken } from './token-issuer';
import { createTokenVerifier } from './token-verifier';
import { UnauthenticatedError } from './unauthenticated-error';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const verifier = createTokenVerifier({ jwtSecret: SECRET });
const key = new TextEncoder().encode(SECRET);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** Verifying must fail with UnauthenticatedError whose message matches `reason` and does not contain the token. */
async function expectRefused(token: string, reason: RegExp): Promise<void> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const message = (error as Error).message;
  expect(message).toMatch(reason);
  if (token.length > 0) expect(message).not.toContain(token);
  for (const part of token.split('.').filter((p) => p.length > 8)) expect(message).not.toContain(part);
}

describe('createTokenVerifier with an HS256 secret', () => {
  it('returns the principal of a valid token from issueToken', async () => {
    const token = await issueToken(SECRET, { sub: 'sagssystem-101', role: 'source_system', kommune: '101' });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'sagssystem-101', role: 'source_system', kommune: '101' });
  });

  it('returns the principal of a token made with jose directly, and leaves a kommune claim off national roles', async () => {
    const token = await new SignJWT({ role: 'secretariat', kommune: '101' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s1')
      .setExpirationTime(inAnHour())
      .sign(key);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 's1', role: 'secretariat' });
  });

  it('accepts every demo token', async () => {
    const tokens = await issueDemoTokens(SECRET, '851');
    expect(Object.keys(tokens).sort()).toEqual([...ROLES].sort());
    await expect(verifier.verify(tokens.kommune_leader)).resolves.toEqual({
      subject: 'demo-kommune-leader-851',
      role: 'kommune_leader',
      kommune: '851',
    });
    await expect(verifier.verify(tokens.admin)).resolves.toEqual({ subject: 'demo-admin', role: 'admin' });
  });

  it('refuses an expired token', async () => {
    const token = await issueToken(
      SECRET,
      { sub: 'u', role: 'kommune_staff', kommune: '101' },
      { now: new Date(Date.now() - 2 * 3600_000), expiresInSeconds: 3600 },
    );
    await expectRefused(token, /^the token has expired$/);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await issueToken('another-secret-that-is-also-long-enough', { sub: 'u', role: 'admin' });
    await expectRefused(token, /signature is invalid/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'u', role: 'admin', exp: inAnHour() })}.`;
    await expectRefused(token, /unsigned/);
  });

  it('refuses a token signed with an algorithm other than HS256', async () => {
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .setExpirationTime(inAnHour())
      .sign(key);
    await expectRefused(token, /algorithm "HS512", but only HS256 is accepted/);
  });

  it.each([
    ['no role claim', { sub: 'u' }, /no role claim/],
    ['an unknown role', { sub: 'u', role: 'superuser' }, /role "superuser" is not one of source_system, kommune_staff/],
    ['a kommune role without kommune', { sub: 'u', role: 'kommune_staff' }, /role kommune_staff but no kommune claim/],
    ['a kommune that is not 3 digits', { sub: 'u', role: 'kommune_leader', kommune: '1010' }, /kommune claim "1010" is not a 3-digit/],
    ['a numeric kommune', { sub: 'u', role: 'kommune_leader', kommune: 101 }, /kommune claim 101 is not a 3-digit/],
    ['no sub claim', { role: 'admin' }, /no sub claim/],
  ])('refuses a token with %s', async (_name, claims, reason) => {
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(inAnHour()).sign(key);
    await expectRefused(token, reason);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(key);
    await expectRefused(token, /no exp claim: tokens without an expiry are refused/);
  });

  it('refuses garbage, an empty token and a token whose signature was cut off', async () => {
    await expectRefused('garbage', /malformed/);
    await expectRefused('eyJhbGciOiJIUzI1NiJ9.garbage-payload.x', /malformed|signature/);
    await expectRefused('', /no bearer token/);
    const token = await issueToken(SECRET, { sub: 'u', role: 'admin' });
    await expectRefused(token.slice(0, token.lastIndexOf('.')), /malformed/);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({ jwtSecret: SECRET, issuer: 'https://idp.example', audience: 'tillidsbarometer' });
    const right = await issueToken(SECRET, { sub: 'u', role: 'admin' }, { issuer: 'https://idp.example', audience: 'tillidsbarometer' });
    const wrong = await issueToken(SECRET, { sub: 'u', role: 'admin' }, { issuer: 'https://other.example', audience: 'tillidsbarometer' });
    await expect(strict.verify(right)).resolves.toEqual({ subject: 'u', role: 'admin' });
    await expect(strict.verify(wrong)).rejects.toThrow(new UnauthenticatedError('the token was issued by another issuer'));
  });
});

describe('createTokenVerifier configuration', () => {
  it('needs exactly one of JWT_SECRET and JWT_JWKS_URL', () => {
    expect(() => createTokenVerifier({})).toThrow(/neither JWT_SECRET nor JWT_JWKS_URL/);
    expect(() => createTokenVerifier({ jwtSecret: SECRET, jwksUrl: 'https://idp.example/jwks' })).toThrow(
      /both JWT_SECRET and JWT_JWKS_URL/,
    );
  });

  it('refuses an HS256 secret shorter than 32 bytes and a JWKS address that is not a URL', () => {
    expect(() => createTokenVerifier({ jwtSecret: 'short' })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    expect(() => createTokenVerifier({ jwksUrl: 'idp.example/jwks' })).toThrow(/JWT_JWKS_URL is not a URL/);
  });
});

describe('issueToken', () => {
  it('sets iat and exp, 30 days apart by default', async () => {
    const now = new Date('2025-03-01T12:00:00Z');
    const token = await issueToken(SECRET, { sub: 'u', role: 'admin' }, { now });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toEqual({ sub: 'u', role: 'admin', iat: 1740830400, exp: 1740830400 + 30 * 24 * 3600 });
  });

  it('refuses claims the verifier would refuse', async () => {
    await expect(issueToken(SECRET, { sub: 'u', role: 'kommune_staff' })).rejects.toThrow(/needs a 3-digit kommune code/);
    await expect(issueToken(SECRET, { sub: 'u', role: 'admin', kommune: '101' })).rejects.toThrow(/give no kommune/);
    await expect(issueToken('short', { sub: 'u', role: 'admin' })).rejects.toThrow(/at least 32 bytes/);
  });
});

describe('remembering verified tokens', () => {
  it('answers a token it verified before without verifying it again, and forgets it when it expires', async () => {
    const now = Date.now();
    const token = await issueToken(SECRET, { sub: 'cached', role: 'kommune_staff', kommune: '101' }, { expiresInSeconds: 60 });
    const remembering = createTokenVerifier({ jwtSecret: SECRET });
    const first = await remembering.verify(token);
    expect(await remembering.verify(token)).toBe(first); // the same object: remembered, not verified again
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    try {
      // Past exp the remembered answer is not used: the token is verified again (within jose's 30 s tolerance still valid).
      expect(await remembering.verify(token)).not.toBe(first);
    } finally {
      spy.mockRestore();
    }
  });
});
