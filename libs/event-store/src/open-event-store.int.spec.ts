import net from 'node:net';
import { KurrentDbUnavailableError } from './kurrentdb/kurrentdb-errors';
import { openEventStore } from './open-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { openPGlite } from './sql/pglite-database';

describe('openEventStore: the adapter KURRENTDB_URL selects', () => {
  it('is the PostgreSQL adapter on the database when KURRENTDB_URL is not set', async () => {
    const store = await openEventStore(await openPGlite(), {});
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
    } finally {
      await store.close();
    }
  });

  it('is KurrentDB when KURRENTDB_URL is set: with nothing listening there, it says so and starts nothing', async () => {
    const db = await openPGlite();
    try {
      const url = `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`;
      await expect(openEventStore(db, { kurrentdbUrl: url })).rejects.toBeInstanceOf(KurrentDbUnavailableError);
      // The database still got the KurrentDB adapter's checkpoint table, not the PostgreSQL adapter's events.
      const { rows } = await db.query<{ schema: string }>(
        "SELECT nspname AS schema FROM pg_namespace WHERE nspname IN ('kurrentdb', 'event_store') ORDER BY 1",
      );
      expect(rows.map((row) => row.schema)).toEqual(['kurrentdb']);
    } finally {
      await db.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
