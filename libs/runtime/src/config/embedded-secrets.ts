import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPseudonymisationKeys } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import type { RuntimeConfig } from './runtime-config';

export interface Secrets {
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  pseudonymisationKeys: Map<string, Buffer>;
  /** What was generated here for the embedded mode, to be announced loudly at start. */
  development: { jwtSecret: boolean; pseudonymisationKeys: boolean };
}

/**
 * The secrets a service needs. From configuration in production; in the embedded mode what is not
 * configured is created once under DATA_DIR (so that printed demo tokens and pseudonyms survive a restart)
 * and announced as development secrets.
 */
export function resolveSecrets(config: RuntimeConfig): Secrets {
  let jwtSecret = config.auth.jwtSecret;
  let generatedJwtSecret = false;
  if (!jwtSecret && !config.auth.jwksUrl) {
    if (!config.embedded) throw new Error('no JWT_SECRET or JWT_JWKS_URL'); // loadRuntimeConfig already refuses this
    jwtSecret = developmentJwtSecret(path.join(config.dataDir, 'development-jwt-secret'));
    generatedJwtSecret = true;
  }
  const { keys, development } = loadPseudonymisationKeys({
    keysFile: config.pseudonymisationKeysFile,
    developmentKeysFile: config.pseudonymisationKeysFile ? undefined : path.join(config.dataDir, 'development-pseudonymisation-keys.json'),
    kommuneCodes: KOMMUNE_CODES,
  });
  return {
    auth: { ...config.auth, jwtSecret },
    pseudonymisationKeys: keys,
    development: { jwtSecret: generatedJwtSecret, pseudonymisationKeys: development },
  };
}

function developmentJwtSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
