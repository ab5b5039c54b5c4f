import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import type { Principal } from './principal';
import { isKommuneCode, isKommuneRole, isRole, ROLES } from './roles';
import { UnauthenticatedError } from './unauthenticated-error';

export interface TokenVerifierConfig {
  /** JWT_SECRET: HS256, for the embedded mode and tests. */
  jwtSecret?: string;
  /** JWT_JWKS_URL: the identity provider's public keys, for production OIDC. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface TokenVerifier {
  /** Resolves to the caller, or rejects with UnauthenticatedError saying why the token is refused. */
  verify(token: string): Promise<Principal>;
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash. */
export const MIN_JWT_SECRET_BYTES = 32;

const HMAC_ALGORITHMS = ['HS256'];
// Only asymmetric algorithms with a remote key set: accepting HS256 there would let anyone who knows the
// public key sign tokens with it as an HMAC secret.
const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256'];

// Identity providers' and servers' clocks drift a little; a token is refused 30 seconds after its `exp`.
const CLOCK_TOLERANCE_SECONDS = 30;

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const { jwtSecret, jwksUrl } = config;
  if (Boolean(jwtSecret) === Boolean(jwksUrl)) {
    throw new Error(
      jwtSecret
        ? 'both JWT_SECRET and JWT_JWKS_URL are set: set exactly one (JWT_SECRET for HS256, JWT_JWKS_URL for OIDC)'
        : 'neither JWT_SECRET nor JWT_JWKS_URL is set: set exactly one (JWT_SECRET for HS256, JWT_JWKS_URL for OIDC)',
    );
  }
  if (jwtSecret) {
    const secret = new TextEncoder().encode(jwtSecret);
    if (secret.byteLength < MIN_JWT_SECRET_BYTES) {
      throw new Error(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes long for HS256 (it is ${secret.byteLength})`);
    }
    return rememberVerified((token) => verifyToken(token, (jwt, options) => jwtVerify(jwt, secret, options), HMAC_ALGORITHMS, config));
  }
  let url: URL;
  try {
    url = new URL(jwksUrl!);
  } catch {
    throw new Error(`JWT_JWKS_URL is not a URL: ${jwksUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`JWT_JWKS_URL must be an http(s) URL, not ${url.protocol}`);
  }
  const keySet = createRemoteJWKSet(url);
  return rememberVerified((token) => verifyToken(token, (jwt, options) => jwtVerify(jwt, keySet, options), JWKS_ALGORITHMS, config));
}

/** How many verified tokens a verifier remembers: a source system sends the same token with every request. */
const REMEMBERED_TOKENS = 10_000;

/**
 * A token that verified once verifies the same way until it expires (its signature and claims cannot change),
 * so its principal is remembered until `exp` and not computed again for each request. Refusals are not
 * remembered. Bounded: the oldest entries go first.
 */
function rememberVerified(verify: (token: string) => Promise<{ principal: Principal; expiresAtMs: number }>): TokenVerifier {
  const remembered = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    async verify(token) {
      const known = remembered.get(token);
      if (known && Date.now() < known.expiresAtMs) return known.principal;
      if (known) remembered.delete(token);
      const verified = await verify(token);
      remembered.set(token, verified);
      if (remembered.size > REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
      return verified.principal;
    },
  };
}

async function verifyToken(
  token: string,
  verifyJwt: (token: string, options: JWTVerifyOptions) => Promise<JWTVerifyResult>,
  algorithms: string[],
  config: TokenVerifierConfig,
): Promise<{ principal: Principal; expiresAtMs: number }> {
  if (typeof token !== 'string' || token.trim() === '') throw new UnauthenticatedError('no bearer token was given');
  checkAlgorithm(token, algorithms);

  let payload: JWTPayload;
  try {
    // jwtVerify checks the algorithm again, the signature, exp and nbf, and iss and aud when configured.
    ({ payload } = await verifyJwt(token, {
      algorithms,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      ...(config.issuer ? { issuer: config.issuer } : {}),
      ...(config.audience ? { audience: config.audience } : {}),
    }));
  } catch (error) {
    throw explain(error, algorithms);
  }
  // requiredClaims made sure there is an exp; without the tolerance, so a remembered token lapses no later.
  return { principal: principalFrom(payload), expiresAtMs: (payload.exp as number) * 1000 };
}

/** Checked before jose does, to say which algorithm was wrong rather than only that one was. */
function checkAlgorithm(token: string, algorithms: string[]): void {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new UnauthenticatedError('the token is malformed: it is not a signed JWT');
  }
  if (typeof alg !== 'string' || alg === '') throw new UnauthenticatedError('the token is malformed: its header names no algorithm');
  if (alg.toLowerCase() === 'none') throw new UnauthenticatedError('the token is unsigned (alg "none"): unsigned tokens are refused');
  if (!algorithms.includes(alg)) {
    throw new UnauthenticatedError(`the token is signed with algorithm ${safe(alg)}, but only ${algorithms.join(', ')} is accepted here`);
  }
}

/** Turns jose's errors into reasons for the caller; anything else (the key set cannot be fetched) is not the caller's fault. */
function explain(error: unknown, algorithms: string[]): unknown {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') {
      return new UnauthenticatedError('the token has no exp claim: tokens without an expiry are refused');
    }
    if (error.claim === 'nbf' && error.reason === 'check_failed') return new UnauthenticatedError('the token is not valid yet (nbf)');
    if (error.reason === 'missing') return new UnauthenticatedError(`the token has no ${error.claim} claim`);
    if (error.claim === 'iss') return new UnauthenticatedError('the token was issued by another issuer');
    if (error.claim === 'aud') return new UnauthenticatedError('the token is meant for another audience');
    return new UnauthenticatedError(`the token's ${error.claim} claim is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new UnauthenticatedError('the token signature is invalid');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new UnauthenticatedError('the token signature is invalid: no key of the identity provider matches it');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new UnauthenticatedError(`the token is signed with an algorithm not accepted here (only ${algorithms.join(', ')})`);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new UnauthenticatedError('the token is malformed');
  }
  return error;
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, role, kommune } = payload;
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('the token has no sub claim');
  if (role === undefined) throw new UnauthenticatedError('the token has no role claim');
  if (!isRole(role)) throw new UnauthenticatedError(`the token's role ${safe(role)} is not one of ${ROLES.join(', ')}`);
  if (!isKommuneRole(role)) return { subject: sub, role }; // a stray kommune claim on a national role grants nothing
  if (kommune === undefined) throw new UnauthenticatedError(`the token has role ${role} but no kommune claim`);
  if (!isKommuneCode(kommune)) {
    throw new UnauthenticatedError(`the token's kommune claim ${safe(kommune)} is not a 3-digit kommune code like "101"`);
  }
  return { subject: sub, role, kommune };
}

/** A claim value for a message: quoted, and short enough that no one can smuggle a token into it. */
function safe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
