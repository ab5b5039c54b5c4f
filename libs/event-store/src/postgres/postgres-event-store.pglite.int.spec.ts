import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { createTestDatabase } from '../testing/test-database';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreConformance('PostgreSQL adapter on PGlite (in process)', async () => {
  const test = await createTestDatabase('pglite');
  const store = await PostgresEventStore.open(test.db);
  return { store, readModel: test.db, cleanup: () => store.close() };
});
