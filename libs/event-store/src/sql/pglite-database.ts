import { PGlite, type Transaction } from '@electric-sql/pglite';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database, DatabaseSession, SqlClient, SqlResult } from './database.port';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PGliteOptions {
  /** A directory for a durable store, or undefined for an in-memory one (tests). */
  dataDir?: string;
}

/**
 * PostgreSQL compiled to WASM, in this process. It is a single connection: PGlite queues every query and
 * runs a transaction exclusively, so concurrent callers simply take turns.
 */
export async function openPGlite(options: PGliteOptions = {}): Promise<Database> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.dataDir, {
      parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number },
    });
  } catch (error) {
    unlock();
    throw error;
  }

  const asSqlClient = (client: PGlite | Transaction): SqlClient => ({
    async query<Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
      const result = await client.query<Row>(text, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async queryRows<Row extends unknown[]>(text: string, params?: readonly unknown[]): Promise<Row[]> {
      const result = await client.query<Row>(text, params as unknown[] | undefined, { rowMode: 'array' });
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await client.exec(script);
    },
  });

  const transaction = <T>(work: (tx: SqlClient) => Promise<T>): Promise<T> => pglite.transaction((tx) => work(asSqlClient(tx)));

  return {
    kind: 'pglite',
    ...asSqlClient(pglite),
    transaction,

    async openSession(): Promise<DatabaseSession> {
      // One connection for the whole process: a session is the database itself and is never lost.
      return {
        ...asSqlClient(pglite),
        transaction,
        lost: new Promise<Error>(() => undefined),
        release: async () => undefined,
      };
    },

    async listen(channel, onNotification) {
      return pglite.listen(channel, onNotification);
    },

    async close() {
      await pglite.close();
      unlock();
    },
  };
}

/**
 * PGlite has no server to arbitrate: two processes opening one directory would corrupt it. A lock file
 * with the owner's pid keeps the second one out; a lock left by a process that is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lockFile = `${path.resolve(dataDir)}.lock`;
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(lockFile, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(`${dataDir} is in use by process ${owner}; stop it first (PGlite allows one process per directory)`, {
        cause: error,
      });
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
