/**
 * The one database port every PostgreSQL-family component talks to: the event store, the projections and
 * their checkpoints. Two drivers implement it, node-postgres (a real server) and PGlite (in process), so the
 * same SQL runs unchanged on both.
 *
 * Type conventions both drivers guarantee: int8 and numeric columns arrive as JS numbers (safe up to 2^53,
 * far beyond any position this product reaches), jsonb as parsed values, timestamptz as Date, xid8 as text.
 */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
  /** Rows as arrays in column order: no object per row, for the hot reads (readAll, readStream). */
  queryRows<Row extends unknown[]>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Database extends SqlClient {
  /** Which engine is behind the port: for messages, benchmarks and the few places where they differ. */
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * A session that keeps one connection until released: for session-level advisory locks (leases) and the
   * transactions that must run under them. Its connection ending releases every lock it held.
   */
  openSession(): Promise<DatabaseSession>;
  /** LISTEN on a channel; the returned function stops listening. */
  listen(channel: string, onNotification: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseSession extends SqlClient {
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Resolves when the session's connection is lost (the server restarted, a network cut), never on release. */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}
