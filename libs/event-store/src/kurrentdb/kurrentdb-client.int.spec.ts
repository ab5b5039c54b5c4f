import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { waitFor } from '../conformance/event-store.conformance';
import { EventStoreError } from '../errors';
import { openPGlite } from '../sql/pglite-database';
import { watchAppends } from './append-watcher';
import { toEventData } from './event-mapping';
import { connectKurrentDb } from './kurrentdb-client';
import { KurrentDbUnavailableError, translateKurrentDbError } from './kurrentdb-errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { readStream } from './read-kurrentdb';

/*
 * The official client for real (its gRPC channel and its native reader), pointed at a port where nothing
 * listens: what can be shown of the adapter's use of it without a KurrentDB server. The calls are the ones
 * the adapter makes; only the server's answers are missing.
 */
describe('KurrentDB adapter with the official client and no server behind KURRENTDB_URL', () => {
  let url: string;

  beforeAll(async () => {
    url = `kurrentdb://127.0.0.1:${await closedPort()}?tls=false&defaultDeadline=5000`;
  });

  it('refuses to start with a clear error, and leaves the database usable', async () => {
    const db = await openPGlite();
    try {
      const opening = KurrentDbEventStore.open({ client: connectKurrentDb(url), db });
      await expect(opening).rejects.toBeInstanceOf(KurrentDbUnavailableError);
      await expect(opening).rejects.toThrow(/KurrentDB is unavailable \(reading the head of \$all\)/);
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("maps the client's failures of a write and a read to KurrentDbUnavailableError", async () => {
    const client = connectKurrentDb(url);
    try {
      const write = client.appendToStream('unreachable-1', [toEventData({ eventId: randomUUID(), type: 'A', data: { n: 1 } })], {
        streamState: 'no_stream',
      });
      const writeError = await write.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(translateKurrentDbError(writeError, 'appending')).toBeInstanceOf(KurrentDbUnavailableError);
      await expect(readStream(client, 'unreachable-1', 1, 10)).rejects.toBeInstanceOf(KurrentDbUnavailableError);
    } finally {
      await client.dispose();
    }
  });

  it('reports the live subscription to $all failing as KurrentDbUnavailableError, and tries again', async () => {
    const client = connectKurrentDb(url);
    const errors: unknown[] = [];
    const stop = watchAppends(
      client,
      () => undefined,
      (error) => errors.push(error),
    );
    try {
      await waitFor(() => errors.length >= 2, 15_000); // the first failure, and the one of the next attempt a second later
      expect(errors.every((error) => error instanceof KurrentDbUnavailableError)).toBe(true);
      expect((errors[0] as Error).message).toMatch(/KurrentDB is unavailable \(following \$all\)/);
    } finally {
      await stop();
      await client.dispose();
    }
  }, 20_000);

  it('refuses a KURRENTDB_URL that is not a KurrentDB connection string, without repeating it', () => {
    expect(() => connectKurrentDb('postgres://user:secret@localhost/db')).toThrow(EventStoreError);
    expect(() => connectKurrentDb('postgres://user:secret@localhost/db')).not.toThrow(/secret/);
    expect(() => connectKurrentDb('kurrentdb://user:secret@localhost:2113?tls=maybe')).toThrow(/expected true or false/);
    expect(() => connectKurrentDb('kurrentdb://user:secret@localhost:2113?tls=maybe')).not.toThrow(/secret/);
  });
});

/** A port that was free a moment ago: nothing listens there. */
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
