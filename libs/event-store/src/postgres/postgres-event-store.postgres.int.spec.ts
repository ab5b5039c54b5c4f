import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { createTestDatabase } from '../testing/test-database';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreConformance('PostgreSQL adapter on node-postgres (127.0.0.1:5432)', async () => {
  const test = await createTestDatabase('postgres');
  const store = await PostgresEventStore.open(test.db);
  return {
    store,
    readModel: test.db,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      await test.drop();
    },
  };
});
