import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { samples } from '../support/case-event-samples';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';

/** Production authentication: tokens of an OIDC provider, verified against its JWKS URL (JWT_JWKS_URL). */
describe('bearer tokens from an OIDC provider (JWT_JWKS_URL)', () => {
  let provider: Server;
  let privateKey: KeyLike;
  let database: TestDatabase;
  let service: ServiceProcess;
  let directory: string;

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
    provider = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    directory = mkdtempSync(path.join(tmpdir(), 'tb-oidc-'));
    const keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    database = await createTestDatabase('postgres');
    service = await startService('apps/standalone/src/main.ts', {
      DATABASE_URL: database.url!,
      JWT_JWKS_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`,
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(directory, 'data'),
    });
    await waitForStatus(service, '/health');
  }, 90_000);

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await database?.drop();
    provider?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const post = (token: string) =>
    fetch(`${service.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(samples.helpRequested(`SAG-O${Date.now()}`)),
    });

  const providerToken = (claims: Record<string, string>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setSubject('case-system-101')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  it("accepts the provider's RS256 token with role and kommune claims", async () => {
    expect((await post(await providerToken({ role: 'source_system', kommune: '101' }))).status).toBe(201);
  });

  it('refuses a token signed with another key, and an HS256 token, with 401', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ role: 'source_system', kommune: '101' })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setSubject('x')
      .setExpirationTime('10m')
      .sign(other.privateKey);
    expect((await post(forged)).status).toBe(401);
    const hs256 = await issueToken(randomBytes(32).toString('base64url'), { sub: 'x', role: 'source_system', kommune: '101' });
    expect((await post(hs256)).status).toBe(401);
  });

  it('refuses a provider token without a role claim with 401', async () => {
    expect((await post(await providerToken({ kommune: '101' }))).status).toBe(401);
  });
});
