import pg from 'pg';
import type { Database, DatabaseSession, SqlClient, SqlResult } from './database.port';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const INT8_ARRAY_OID = 1016;
const NUMERIC_ARRAY_OID = 1231;

/** int8 and numeric, and arrays of them, as JS numbers on this pool only (never the process-global pg.types). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === INT8_ARRAY_OID || oid === NUMERIC_ARRAY_OID) {
      const parseArray = pg.types.getTypeParser(oid as never, format) as (value: string) => Array<string | null>;
      return (value: string) => parseArray(value).map((item) => (item === null ? null : Number(item)));
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface NodePostgresOptions {
  connectionString: string;
  /** Pool size; the ingest path and the projections share it. */
  max?: number;
  /** Label shown in pg_stat_activity. */
  applicationName?: string;
  /** Reports errors of idle connections (a server restart), which would otherwise crash the process. */
  onError?: (error: Error) => void;
}

/** A real PostgreSQL server through a node-postgres pool. */
export function connectNodePostgres(options: NodePostgresOptions): Database {
  const clientConfig = {
    connectionString: options.connectionString,
    application_name: options.applicationName ?? 'tillidsbarometer',
    types,
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.max ?? 10 });
  const reportError = options.onError ?? (() => undefined);
  pool.on('error', reportError);

  const asSqlClient = (client: pg.Pool | pg.PoolClient | pg.Client): SqlClient => ({
    async query<Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async queryRows<Row extends unknown[]>(text: string, params?: readonly unknown[]): Promise<Row[]> {
      const result = await client.query<Row>({ text, values: params as unknown[] | undefined, rowMode: 'array' });
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await client.query(script); // no parameters: the simple protocol, which takes several statements
    },
  });

  const inTransaction = async <T>(client: pg.PoolClient | pg.Client, work: (tx: SqlClient) => Promise<T>) => {
    await client.query('BEGIN');
    try {
      const result = await work(asSqlClient(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  return {
    kind: 'postgres',
    ...asSqlClient(pool),

    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await inTransaction(client, work);
      } catch (error) {
        // A connection that failed mid-transaction must not go back to the pool.
        if (!(error instanceof pg.DatabaseError)) broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    },

    async openSession(): Promise<DatabaseSession> {
      // Outside the pool: a session may live for hours (a subscription lease) and must not starve the pool.
      const client = new pg.Client(clientConfig);
      let markLost: (error: Error) => void = () => undefined;
      const lost = new Promise<Error>((resolve) => (markLost = resolve));
      let released = false;
      client.on('error', (error) => markLost(error));
      client.on('end', () => {
        if (!released) markLost(new Error('database session ended'));
      });
      await client.connect();
      return {
        ...asSqlClient(client),
        lost,
        transaction: (work) => inTransaction(client, work),
        async release() {
          released = true;
          await client.end().catch(() => undefined);
        },
      };
    },

    async listen(channel, onNotification) {
      const client = new pg.Client(clientConfig);
      client.on('error', reportError);
      client.on('notification', (message) => {
        if (message.channel === channel) onNotification(message.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },

    async close() {
      await pool.end();
    },
  };
}
