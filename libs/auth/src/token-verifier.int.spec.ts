import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { issueToken } from './token-issuer';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';
import { UnauthenticatedError } from './unauthenticated-error';

// The production mode: keys fetched from an identity provider's JWKS endpoint, here a real local HTTP server.
describe('createTokenVerifier with a JWKS URL', () => {
  let server: Server;
  let privateKey: KeyLike;
  let publicPem: string;
  let verifier: TokenVerifier;
  let requests = 0;
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      requests += 1;
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    verifier = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  const sign = (key: KeyLike, kid: string, claims: Record<string, unknown> = { role: 'kommune_leader', kommune: '851' }) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('leader@851').setExpirationTime(inAnHour()).sign(key);

  it('accepts a token signed with the private key of the published key', async () => {
    await expect(verifier.verify(await sign(privateKey, 'key-1'))).resolves.toEqual({
      subject: 'leader@851',
      role: 'kommune_leader',
      kommune: '851',
    });
    expect(requests).toBeGreaterThanOrEqual(1);
  });

  it('refuses a token signed with another key, with the published kid or another one', async () => {
    const other = (await generateKeyPair('RS256')).privateKey;
    await expect(verifier.verify(await sign(other, 'key-1'))).rejects.toThrow(new UnauthenticatedError('the token signature is invalid'));
    await expect(verifier.verify(await sign(other, 'key-2'))).rejects.toThrow(
      /signature is invalid: no key of the identity provider matches/,
    );
  });

  it('refuses an HS256 token, even one whose secret is the published public key', async () => {
    const hs256 = await issueToken('a-test-secret-of-at-least-thirty-two-bytes', { sub: 'u', role: 'admin' });
    await expect(verifier.verify(hs256)).rejects.toThrow(/algorithm "HS256", but only RS256, PS256, ES256 is accepted/);
    // The classic algorithm confusion: the public key, which anyone can fetch, used as an HMAC secret.
    const confused = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setSubject('u')
      .setExpirationTime(inAnHour())
      .sign(new TextEncoder().encode(publicPem));
    await expect(verifier.verify(confused)).rejects.toThrow(UnauthenticatedError);
  });

  it('still applies the claim rules', async () => {
    await expect(verifier.verify(await sign(privateKey, 'key-1', { role: 'kommune_staff' }))).rejects.toThrow(/no kommune claim/);
  });
});
