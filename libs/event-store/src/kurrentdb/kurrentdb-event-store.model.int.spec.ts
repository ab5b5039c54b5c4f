import { randomUUID } from 'node:crypto';
import { describeEventStoreConformance, waitFor } from '../conformance/event-store.conformance';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { KurrentDbUnavailableError } from './kurrentdb-errors';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { describeKurrentDbAdapter } from './testing/describe-kurrentdb-adapter';
import { InMemoryKurrentDb } from './testing/in-memory-kurrentdb';
import { KURRENTDB_LACKS } from './testing/kurrentdb-lacks';

/*
 * The KurrentDB adapter against an in-memory MODEL of the KurrentDB server (testing/in-memory-kurrentdb.ts),
 * with its checkpoints and leases in the real PostgreSQL: no KurrentDB runs on the development machines. This
 * runs all of the adapter's own logic; what it assumes of the server is listed in the model and is tested for
 * real by kurrentdb-event-store.int.spec.ts whenever KURRENTDB_URL is set.
 */

describeEventStoreConformance(
  'KurrentDB adapter on the in-memory model of KurrentDB (not a server), checkpoints in PostgreSQL 127.0.0.1:5432',
  async () => {
    const test = await createTestDatabase('postgres');
    const store = await KurrentDbEventStore.open({ client: new InMemoryKurrentDb().client(), db: test.db });
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

describeKurrentDbAdapter('on the in-memory model of KurrentDB (not a server)', async ({ idempotencyWindow }) => {
  const test = await createTestDatabase('pglite');
  const store = await KurrentDbEventStore.open({ client: new InMemoryKurrentDb().client(), db: test.db, idempotencyWindow });
  return { store, cleanup: () => store.close() };
});

describe('KurrentDB adapter: failures and races (on the in-memory model of KurrentDB)', () => {
  let test: TestDatabase;
  let kurrentdb: InMemoryKurrentDb;
  let store: KurrentDbEventStore;

  beforeEach(async () => {
    test = await createTestDatabase('postgres');
    kurrentdb = new InMemoryKurrentDb();
    store = await KurrentDbEventStore.open({ client: kurrentdb.client(), db: test.db });
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await test.drop();
  });

  it('reads again when a writer gets in between its read and its write: nothing duplicated, nothing lost', async () => {
    const stream = `race-${randomUUID()}`;
    const theirs = newEvent();
    let interfered = false;
    kurrentdb.beforeAppend = (name) => {
      if (name !== stream || interfered) return;
      interfered = true;
      // Another writer appends the very event we are about to write, plus one of its own.
      void kurrentdb
        .client()
        .appendToStream(stream, [{ id: theirs.eventId, contentType: 'application/json', type: 'Theirs', data: {}, metadata: {} }]);
    };
    const ours = newEvent();
    const result = await store.appendToStream(stream, [ours, { ...theirs }]);
    expect(interfered).toBe(true);
    expect(result.events.map((e) => [e.eventId, e.status, e.streamPosition])).toEqual([
      [ours.eventId, 'stored', 2],
      [theirs.eventId, 'duplicate', 1],
    ]);
    expect((await store.readStream(stream)).events.map((e) => e.eventId)).toEqual([theirs.eventId, ours.eventId]);
  });

  it('answers a conflict when a writer gets in between and the caller expected the version it had read', async () => {
    const stream = `race-exact-${randomUUID()}`;
    await store.appendToStream(stream, [newEvent()]);
    kurrentdb.beforeAppend = (name) => {
      kurrentdb.beforeAppend = undefined;
      void kurrentdb
        .client()
        .appendToStream(name, [{ id: randomUUID(), contentType: 'application/json', type: 'Theirs', data: {}, metadata: {} }]);
    };
    const [result] = await store.appendToStreams([{ streamName: stream, events: [newEvent()], expectedVersion: 1 }]);
    expect(result).toEqual({ streamName: stream, status: 'conflict', expectedVersion: 1, actualVersion: 2 });
  });

  it('leaves KurrentDB system events out of the global order, its head and its count', async () => {
    const before = kurrentdb.records.length;
    for (let i = 0; i < 20; i++) await store.appendToStream(`system-${randomUUID()}`, [newEvent()]);
    const systemEvents = kurrentdb.records.filter((r) => r.type.startsWith('$'));
    expect(systemEvents.length).toBeGreaterThanOrEqual(3); // the model writes them as the server does
    expect(kurrentdb.records.length - before).toBeGreaterThan(20);
    const { events } = await store.readAll({ limit: 1_000 });
    expect(events).toHaveLength(20);
    expect(await store.countEvents()).toBe(20);
    expect(await store.headCheckpoint()).toBe(events.at(-1)!.checkpoint);
  });

  it('throws a clear error when KurrentDB is down, after the batch has settled; a retry answers duplicates', async () => {
    const appends = [1, 2, 3].map(() => ({ streamName: `down-${randomUUID()}`, events: [newEvent()] }));
    let writes = 0;
    kurrentdb.beforeAppend = () => {
      writes += 1;
      if (writes === 2) kurrentdb.goDown();
    };
    await expect(store.appendToStreams(appends)).rejects.toBeInstanceOf(KurrentDbUnavailableError);
    kurrentdb.beforeAppend = undefined;
    kurrentdb.restore();
    const retried = await store.appendToStreams(appends);
    const statuses = retried.map((r) => (r.status === 'appended' ? r.events[0]!.status : r.status));
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(1); // the one written before KurrentDB went down
    expect(statuses.filter((s) => s === 'stored')).toHaveLength(2);
  });

  it('keeps following through an outage: the error is reported, and every event arrives once when KurrentDB is back', async () => {
    await test.db.exec('CREATE TABLE handled (event_id uuid PRIMARY KEY)');
    const errors: unknown[] = [];
    const subscription = store.subscribe(
      'outage',
      async (events: RecordedEvent[], { tx }) => {
        for (const e of events) await tx.query('INSERT INTO handled (event_id) VALUES ($1)', [e.eventId]);
      },
      { pollIntervalMs: 50, onError: (error) => errors.push(error) },
    );
    const ids: string[] = [];
    const appendSome = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = newEvent();
        await store.appendToStream(`outage-${i % 3}`, [e]);
        ids.push(e.eventId);
      }
    };
    await appendSome(10);
    await subscription.caughtUp();
    kurrentdb.goDown();
    await waitFor(() => errors.some((error) => error instanceof KurrentDbUnavailableError));
    kurrentdb.restore();
    await appendSome(10);
    await waitFor(async () => (await handledCount()) === 20, 20_000);
    const { rows } = await test.db.query<{ event_id: string }>('SELECT event_id::text AS event_id FROM handled');
    expect(new Set(rows.map((row) => row.event_id))).toEqual(new Set(ids));
    await subscription.stop();

    async function handledCount(): Promise<number> {
      return (await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM handled')).rows[0]!.n;
    }
  }, 30_000);

  it('wakes a subscription in another process through the live subscription to $all, not only by polling', async () => {
    const other = await KurrentDbEventStore.open({ client: kurrentdb.client(), db: test.connectAgain() });
    const seen: string[] = [];
    const subscription = other.subscribe('doorbell', async (events) => void seen.push(...events.map((e) => e.eventId)), {
      pollIntervalMs: 60_000, // polling would take a minute: only the doorbell can deliver in time
    });
    try {
      await subscription.caughtUp();
      const e = newEvent();
      await store.appendToStream(`doorbell-${randomUUID()}`, [e]);
      await waitFor(() => seen.includes(e.eventId), 5_000);
    } finally {
      await other.close();
    }
  });
});

function newEvent(): NewEvent {
  return { eventId: randomUUID(), type: 'Noted', data: { at: Date.now() } };
}
