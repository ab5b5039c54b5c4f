import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '@tillidsbarometer/runtime';

/** OIDC login for the dashboard in production (authorization code with PKCE, in the browser). */
export interface OidcLoginConfig {
  providerName: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  clientId: string;
  scope: string;
}

export interface DashboardConfig {
  /** Where the compiled web assets are; undefined when none were built (the API still runs). */
  assetsDirectory: string | undefined;
  oidc: OidcLoginConfig | null;
}

/**
 * DASHBOARD_ASSETS_DIR [the build's apps/dashboard/assets]; OIDC_AUTHORIZATION_URL, OIDC_TOKEN_URL, OIDC_CLIENT_ID
 * (all three, or none), OIDC_SCOPE [openid], OIDC_PROVIDER_NAME [identitetsudbyderen]. The tokens the provider
 * issues are verified by the API's JWKS verifier (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE).
 */
export function loadDashboardConfig(env: Readonly<Record<string, string | undefined>>): DashboardConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const authorizationEndpoint = value('OIDC_AUTHORIZATION_URL');
  const tokenEndpoint = value('OIDC_TOKEN_URL');
  const clientId = value('OIDC_CLIENT_ID');
  const given = [authorizationEndpoint, tokenEndpoint, clientId].filter((item) => item !== undefined).length;
  if (given > 0 && given < 3)
    throw new ConfigurationError('set OIDC_AUTHORIZATION_URL, OIDC_TOKEN_URL and OIDC_CLIENT_ID together, or none of them');
  for (const [name, url] of [
    ['OIDC_AUTHORIZATION_URL', authorizationEndpoint],
    ['OIDC_TOKEN_URL', tokenEndpoint],
  ] as const) {
    if (url !== undefined && !/^https?:\/\//.test(url)) throw new ConfigurationError(`${name} must be an http(s) URL`);
  }
  const oidc =
    given === 3
      ? {
          providerName: value('OIDC_PROVIDER_NAME') ?? 'identitetsudbyderen',
          authorizationEndpoint: authorizationEndpoint!,
          tokenEndpoint: tokenEndpoint!,
          clientId: clientId!,
          scope: value('OIDC_SCOPE') ?? 'openid',
        }
      : null;
  const configured = value('DASHBOARD_ASSETS_DIR');
  return { assetsDirectory: configured ? path.resolve(configured) : builtAssetsDirectory(), oidc };
}

/**
 * tools/build.mjs writes the assets beside the compiled code (dist/apps/dashboard/assets); code run from the
 * sources (tests) finds the latest build through the dist link.
 */
function builtAssetsDirectory(): string | undefined {
  const candidates = [
    path.resolve(__dirname, '..', 'assets'),
    path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'dashboard', 'assets'),
  ];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
  // The build itself, not the dist link: a later build must not swap the files under a running process.
  return found === undefined ? undefined : realpathSync(found);
}
