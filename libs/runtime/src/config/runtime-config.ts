import path from 'node:path';
import type { DatabaseConfig } from '@tillidsbarometer/event-store';

/** CONTRACT.md section 10: the same environment variables for every service. */
export interface RuntimeConfig {
  port: number;
  /** 127.0.0.1 by default: the embedded mode runs with development keys. HOST=0.0.0.0 in a container. */
  host: string;
  /** No DATABASE_URL: PGlite under DATA_DIR, development secrets created on first start, demo data. */
  embedded: boolean;
  dataDir: string;
  database: DatabaseConfig;
  auth: { jwtSecret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  pseudonymisationKeysFile?: string;
  demoData: boolean;
  logLevel: string;
  /** Larger request bodies are answered 413. 1,000 events of about 1 kB fit with room to spare. */
  bodyLimitBytes: number;
  natsUrl?: string;
  kafkaBrokers?: string[];
  kurrentdbUrl?: string;
  /**
   * The environment this configuration was read from: each module reads its own settings from it (alerting,
   * warnings, the bus, ...) with a `load<Module>Config(env)` of its own, so tests pass them like the rest.
   */
  env: Readonly<Record<string, string | undefined>>;
}

export class ConfigurationError extends Error {}

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env, applicationName = 'tillidsbarometer'): RuntimeConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const port = Number(value('PORT') ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigurationError(`PORT must be a whole number 0-65535, got ${env['PORT']}`);
  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigurationError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const jwtSecret = value('JWT_SECRET');
  const jwksUrl = value('JWT_JWKS_URL');
  if (jwtSecret && jwksUrl) throw new ConfigurationError('set JWT_SECRET or JWT_JWKS_URL, not both');
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigurationError('JWT_SECRET must be at least 32 characters');
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigurationError('JWT_JWKS_URL must be an http(s) URL');
  const embedded = databaseUrl === undefined;
  const pseudonymisationKeysFile = value('PSEUDONYMISATION_KEYS_FILE');
  if (!embedded && !jwtSecret && !jwksUrl)
    throw new ConfigurationError('with DATABASE_URL set, JWT_SECRET or JWT_JWKS_URL must be set too');
  if (!embedded && !pseudonymisationKeysFile) {
    throw new ConfigurationError('with DATABASE_URL set, PSEUDONYMISATION_KEYS_FILE must name the per-kommune keys');
  }
  const demoData = (value('DEMO_DATA') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(demoData)) throw new ConfigurationError('DEMO_DATA must be on or off');
  const dataDir = value('DATA_DIR') ?? './data';
  const bodyLimitBytes = Number(value('BODY_LIMIT_BYTES') ?? 4 * 1024 * 1024);
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024)
    throw new ConfigurationError('BODY_LIMIT_BYTES must be a whole number of bytes >= 1024');
  return {
    port,
    host: value('HOST') ?? '127.0.0.1',
    embedded,
    dataDir,
    database: { databaseUrl, dataDir, applicationName },
    auth: { jwtSecret, jwksUrl, issuer: value('JWT_ISSUER'), audience: value('JWT_AUDIENCE') },
    pseudonymisationKeysFile: pseudonymisationKeysFile ? path.resolve(pseudonymisationKeysFile) : undefined,
    demoData: demoData === 'on' && embedded,
    logLevel: value('LOG_LEVEL') ?? 'info',
    bodyLimitBytes,
    natsUrl: value('NATS_URL'),
    kafkaBrokers: value('KAFKA_BROKERS')
      ?.split(',')
      .map((broker) => broker.trim()),
    kurrentdbUrl: value('KURRENTDB_URL'),
    env: { ...env },
  };
}
