import { sessionFromToken, type Session } from './session';

/**
 * OIDC login (authorization code with PKCE, RFC 7636) for production: the provider signs the access token, the
 * API verifies it with the provider's JWKS (JWT_JWKS_URL). The provider must put the `role` (and, for kommune
 * roles, `kommune`) claims into the access token.
 */
export interface OidcOptions {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  clientId: string;
  scope: string;
}

const PENDING = 'tillidsbarometer.oidc';

export async function startOidcLogin(options: OidcOptions): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, options }));
  const url = new URL(options.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri(),
    scope: options.scope,
    state,
    code_challenge: base64Url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** Back from the provider with `?code=...&state=...`: exchanges the code for the access token. */
export async function completeOidcLogin(): Promise<Session | null> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const pending = sessionStorage.getItem(PENDING);
  if (!code || !pending) return null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  const { verifier, state, options } = JSON.parse(pending) as { verifier: string; state: string; options: OidcOptions };
  if (params.get('state') !== state) throw new Error('login-svaret hører ikke til dette login (state)');
  const response = await fetch(options.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: options.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`login-udbyderen afviste koden (${response.status})`);
  const { access_token: accessToken } = (await response.json()) as { access_token?: string };
  if (!accessToken) throw new Error('login-udbyderen sendte intet access token');
  return sessionFromToken(accessToken);
}

const redirectUri = () => `${window.location.origin}/`;

function randomString(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach((byte) => (binary += String.fromCharCode(byte)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
