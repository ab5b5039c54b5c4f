import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../sql/database.port';
import { connectNodePostgres } from '../sql/node-postgres-database';
import { openPGlite } from '../sql/pglite-database';

/** The server tests create their databases on; `.ci/run` makes sure it answers. */
export const TEST_POSTGRES_ADMIN_URL = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  /** A connection string to this database (PostgreSQL only), for a second pool or a child process. */
  url?: string;
  /** Opens another connection pool to the same database (PostgreSQL only): a second "machine". */
  connectAgain(): Database;
  db: Database;
  /** Closes every pool opened here and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: a fresh PostgreSQL database on the local server, created here and
 * dropped by `drop`, or an in-memory PGlite. Tests never share state.
 */
export async function createTestDatabase(kind: 'postgres' | 'pglite'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPGlite();
    return {
      kind,
      db,
      connectAgain: () => {
        throw new Error('PGlite is one connection in one process: there is no second instance to open');
      },
      drop: () => db.close(),
    };
  }
  const name = `tb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const pools: Database[] = [];
  const connect = () => {
    const db = connectNodePostgres({ connectionString: url.toString(), onError: () => undefined });
    pools.push(db);
    return db;
  };
  return {
    kind,
    url: url.toString(),
    db: connect(),
    connectAgain: connect,
    async drop() {
      await Promise.all(pools.map((pool) => pool.close().catch(() => undefined)));
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
