import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { createTestDatabase } from '../testing/test-database';
import { connectKurrentDb } from './kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { describeKurrentDbAdapter } from './testing/describe-kurrentdb-adapter';
import { KURRENTDB_LACKS } from './testing/kurrentdb-lacks';

/*
 * The KurrentDB adapter against a real KurrentDB server, whenever KURRENTDB_URL names one (for the single node
 * of infra/docker-compose.yml: kurrentdb://localhost:2113?tls=false). Checkpoints and leases live in a fresh
 * database on the local PostgreSQL. KurrentDB keeps what earlier runs wrote (streams are never dropped): each
 * test works on streams of its own, and subscriptions read the whole of $all, so a fresh server is faster.
 */
const url = process.env['KURRENTDB_URL'];

if (!url) {
  // Written straight to stdout: Jest shows no console output of a file whose tests are all skipped.
  process.stdout.write(
    'KurrentDB adapter against a real server: SKIPPED, because KURRENTDB_URL is not set. No KurrentDB can run on the ' +
      'development machines (no Docker engine). To run it: `docker compose -f infra/docker-compose.yml up -d kurrentdb`, then ' +
      'KURRENTDB_URL=kurrentdb://localhost:2113?tls=false. The adapter itself is still exercised here against an in-memory ' +
      'model of KurrentDB (kurrentdb-event-store.model.int.spec.ts), which is not a server.\n',
  );
  describe.skip('KurrentDB adapter against a real server (skipped: KURRENTDB_URL is not set)', () => {
    it('passes the event-store conformance suite', () => undefined);
  });
} else {
  describeEventStoreConformance(
    'KurrentDB adapter on the server at KURRENTDB_URL, checkpoints in PostgreSQL 127.0.0.1:5432',
    async () => {
      const test = await createTestDatabase('postgres');
      const store = await KurrentDbEventStore.open({ client: connectKurrentDb(url), db: test.db });
      return {
        store,
        readModel: test.db,
        cleanup: async () => {
          await store.close().catch(() => undefined);
          await test.drop();
        },
      };
    },
    { lacks: KURRENTDB_LACKS },
  );

  describeKurrentDbAdapter('on the server at KURRENTDB_URL', async ({ idempotencyWindow }) => {
    const test = await createTestDatabase('pglite');
    const store = await KurrentDbEventStore.open({ client: connectKurrentDb(url), db: test.db, idempotencyWindow });
    return { store, cleanup: () => store.close() };
  });
}
