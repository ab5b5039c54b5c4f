import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../event-store.port';
import { openEventStore, type EventStoreConfig } from '../open-event-store';
import type { Database } from '../sql/database.port';
import { openDatabase, type DatabaseConfig } from '../sql/open-database';

/** Injection tokens: the port, and the database it lives in (projections write their read models there). */
export const EVENT_STORE = Symbol('EventStore');
export const DATABASE = Symbol('Database');

@Injectable()
class EventStoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close(); // stops subscriptions, then closes the database (PGlite flushes to disk)
  }
}

/**
 * Opens the configured database once per process, migrates it, and provides the store to every module: the
 * PostgreSQL adapter on that database, or KurrentDB when `store.kurrentdbUrl` is set (the database then
 * holds the read models and the subscriptions' checkpoints).
 */
@Module({})
export class EventStoreModule {
  static forRoot(config: DatabaseConfig, store: EventStoreConfig = {}): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: DATABASE, useFactory: () => openDatabase(config) },
        { provide: EVENT_STORE, useFactory: (db: Database) => openEventStore(db, store), inject: [DATABASE] },
        EventStoreShutdown,
      ],
      exports: [DATABASE, EVENT_STORE],
    };
  }
}
