import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser } from '../support/browser';
import { startProduct, type Product } from '../support/product';

/**
 * The dashboard's OIDC login against a provider made for the test: the authorization code flow with PKCE in the
 * browser, the access token verified by the product's JWKS verifier. The provider checks the code verifier against
 * the challenge (RFC 7636, S256), as a real one does.
 */
describe('OIDC login in the dashboard', () => {
  let provider: Server;
  let product: Product;
  let browser: Browser;
  let privateKey: KeyLike;
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const seen: string[] = [];

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    provider = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://idp');
      seen.push(url.pathname);
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
      if (url.pathname === '/jwks')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      if (url.pathname === '/authorize') {
        // The person signs in at the provider (here: at once) and is sent back with a code.
        const code = randomBytes(12).toString('hex');
        const redirectUri = url.searchParams.get('redirect_uri')!;
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('client_id')).toBe('tillidsbarometer');
        codes.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state')!);
        return void response.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/token' && request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
      if (url.pathname === '/token') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const form = new URLSearchParams(body);
          const issued = codes.get(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (!issued || issued.challenge !== challenge || issued.redirectUri !== form.get('redirect_uri')) {
            return void response.writeHead(400, { ...cors, 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
          }
          codes.delete(form.get('code')!);
          void new SignJWT({ role: 'kommune_staff', kommune: '147' })
            .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
            .setSubject('oidc-person-1')
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(privateKey)
            .then((token) =>
              response
                .writeHead(200, { ...cors, 'content-type': 'application/json' })
                .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 })),
            );
        });
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const idp = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    product = await startProduct({
      engine: 'pglite',
      env: {
        JWT_SECRET: '', // the provider's JWKS instead
        JWT_JWKS_URL: `${idp}/jwks`,
        OIDC_AUTHORIZATION_URL: `${idp}/authorize`,
        OIDC_TOKEN_URL: `${idp}/token`,
        OIDC_CLIENT_ID: 'tillidsbarometer',
        OIDC_PROVIDER_NAME: 'Test-IdP',
      },
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
    provider?.close();
  });

  it('signs in through the provider with PKCE and shows the kommune of the token; no demo login with configured keys', async () => {
    const options = await product.request('GET', '/api/v1/dashboard/login-options');
    expect(options.body).toMatchObject({ demo: false, oidc: { providerName: 'Test-IdP', clientId: 'tillidsbarometer', scope: 'openid' } });
    expect((await product.request('POST', '/api/v1/dashboard/demo-login', { body: { role: 'admin' } })).status).toBe(404);

    const page = await browser.newPage({ locale: 'da-DK' });
    await page.goto(`${product.url}/`);
    await expect(page.locator('#demo-kommune').count()).resolves.toBe(0);
    await expect(axeViolations(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: 'Log ind med Test-IdP' }).click();
    await page.locator('[data-ready=indicators]').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Frederiksberg');
    expect(page.url()).not.toContain('code='); // the code does not stay in the address bar
    expect(seen).toEqual(expect.arrayContaining(['/authorize', '/token', '/jwks']));
    await page.close();
  }, 120_000);
});
