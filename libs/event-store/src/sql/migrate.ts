import type { Database } from './database.port';

export interface Migration {
  /** 1, 2, 3, ... in the order they must run; never renumber or edit one that has shipped. */
  version: number;
  name: string;
  sql: string;
}

/** The advisory-lock namespace of migrations, so that processes starting together migrate one at a time. */
const MIGRATION_LOCK = 7_230_001;

/**
 * Applies the migrations of one component (`event_store`, later each read model) that this database has
 * not seen, in one transaction. Returns the versions applied now.
 */
export async function migrate(db: Database, component: string, migrations: readonly Migration[]): Promise<number[]> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`${component} migration ${migration.name}: version must be ${index + 1}`);
  });
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      component  text        NOT NULL,
      version    integer     NOT NULL,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version)
    )`);
    const { rows } = await tx.query<{ version: number; name: string }>(
      'SELECT version, name FROM public.schema_migrations WHERE component = $1 ORDER BY version',
      [component],
    );
    for (const applied of rows) {
      const known = migrations[applied.version - 1];
      if (!known || known.name !== applied.name) {
        throw new Error(`${component}: the database has migration ${applied.version} ${applied.name}, which this code does not know`);
      }
    }
    const pending = migrations.slice(rows.length);
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO public.schema_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((migration) => migration.version);
  });
}
