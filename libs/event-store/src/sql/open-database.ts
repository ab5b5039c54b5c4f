import path from 'node:path';
import type { Database } from './database.port';
import { connectNodePostgres } from './node-postgres-database';
import { openPGlite } from './pglite-database';

export interface DatabaseConfig {
  /** A PostgreSQL URL: when set, the real server is used (production). */
  databaseUrl?: string;
  /** Where the embedded PGlite keeps its files when no URL is set. */
  dataDir: string;
  applicationName?: string;
  onError?: (error: Error) => void;
}

/** PostgreSQL when `DATABASE_URL` is set, otherwise PGlite under `DATA_DIR` (CONTRACT.md section 10). */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    return connectNodePostgres({ connectionString: config.databaseUrl, applicationName: config.applicationName, onError: config.onError });
  }
  return openPGlite({ dataDir: path.join(config.dataDir, 'pglite') });
}
