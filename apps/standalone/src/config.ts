import type { DatabaseConfig } from '@tillidsbarometer/event-store';

export interface StandaloneConfig {
  port: number;
  /** 127.0.0.1 by default: the embedded mode runs with development keys. HOST=0.0.0.0 in a container. */
  host: string;
  database: DatabaseConfig;
  logLevel: string;
}

/** Reads CONTRACT.md section 10's environment; a bad value stops the start with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StandaloneConfig {
  const port = Number(env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a whole number 0-65535, got ${env['PORT']}`);
  const databaseUrl = env['DATABASE_URL'] || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return {
    port,
    host: env['HOST'] ?? '127.0.0.1',
    database: { databaseUrl, dataDir: env['DATA_DIR'] ?? './data', applicationName: 'tillidsbarometer-standalone' },
    logLevel: env['LOG_LEVEL'] ?? 'info',
  };
}
