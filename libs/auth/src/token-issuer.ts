import { SignJWT } from 'jose';
import { isKommuneCode, isKommuneRole, isRole, ROLES, type Role } from './roles';
import { MIN_JWT_SECRET_BYTES } from './token-verifier';

export interface TokenClaims {
  sub: string;
  role: Role;
  kommune?: string;
}

export interface IssueTokenOptions {
  /** Default 30 days. */
  expiresInSeconds?: number;
  /** The issuing time; tests pass one in the past to make expired tokens. */
  now?: Date;
  /** Only needed when the verifier is configured with an issuer or audience. */
  issuer?: string;
  audience?: string;
}

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/**
 * An HS256 token the verifier accepts with the same secret. Claims the verifier would refuse are refused here,
 * so a mistake shows where the token is made rather than as a 401 later.
 */
export async function issueToken(secret: string, claims: TokenClaims, options: IssueTokenOptions = {}): Promise<string> {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_JWT_SECRET_BYTES) throw new Error(`the HS256 secret must be at least ${MIN_JWT_SECRET_BYTES} bytes long`);
  const { sub, role, kommune } = claims;
  if (typeof sub !== 'string' || sub === '') throw new Error('a token needs a sub');
  if (!isRole(role)) throw new Error(`role ${String(role)} is not one of ${ROLES.join(', ')}`);
  if (isKommuneRole(role) && !isKommuneCode(kommune)) throw new Error(`role ${role} needs a 3-digit kommune code, not ${String(kommune)}`);
  if (!isKommuneRole(role) && kommune !== undefined) throw new Error(`role ${role} acts for no single kommune: give no kommune`);
  const expiresInSeconds = options.expiresInSeconds ?? THIRTY_DAYS_SECONDS;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error('expiresInSeconds must be a positive whole number');

  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const jwt = new SignJWT(kommune === undefined ? { role } : { role, kommune })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + expiresInSeconds);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(key);
}

/** One ready-made token per role, printed by the embedded mode so a first run can be tried at once. */
export async function issueDemoTokens(secret: string, kommune: string, options: IssueTokenOptions = {}): Promise<Record<Role, string>> {
  if (!isKommuneCode(kommune)) throw new Error(`demo tokens need a 3-digit kommune code, not ${kommune}`);
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const name = `demo-${role.replace(/_/g, '-')}`;
      const claims = isKommuneRole(role) ? { sub: `${name}-${kommune}`, role, kommune } : { sub: name, role };
      return [role, await issueToken(secret, claims, options)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}
