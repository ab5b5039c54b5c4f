import type { EventStore } from './event-store.port';
import { connectKurrentDb } from './kurrentdb/kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import type { Database } from './sql/database.port';

export interface EventStoreConfig {
  /** `KURRENTDB_URL`: when set, the events live in KurrentDB (CONTRACT.md section 10). */
  kurrentdbUrl?: string;
}

/**
 * The configured event store on `db`: KurrentDB when KURRENTDB_URL is set (its subscriptions' checkpoints and
 * leases, and the read models, stay in `db`), otherwise the PostgreSQL adapter on `db` itself. `close` on the
 * store closes `db` too.
 */
export function openEventStore(db: Database, config: EventStoreConfig = {}): Promise<EventStore> {
  if (config.kurrentdbUrl) return KurrentDbEventStore.open({ client: connectKurrentDb(config.kurrentdbUrl), db });
  return PostgresEventStore.open(db);
}
