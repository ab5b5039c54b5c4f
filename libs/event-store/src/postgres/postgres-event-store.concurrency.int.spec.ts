import { randomUUID } from 'node:crypto';
import { waitFor } from '../conformance/event-store.conformance';
import type { NewEvent, RecordedEvent, Subscription } from '../event-store.port';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { appendEvents } from './append-events';
import { PostgresEventStore } from './postgres-event-store';

/**
 * What only a real server with many connections can show: transactions committing in another order than
 * they started, several machines competing for a subscription, writers racing for one stream.
 */
describe('PostgreSQL event store under concurrency (127.0.0.1:5432)', () => {
  let test: TestDatabase;
  let store: PostgresEventStore;
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    store = await PostgresEventStore.open(test.db);
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
  });

  afterAll(async () => {
    await store?.close().catch(() => undefined);
    await test?.drop();
  });

  it('delivers every committed event exactly once while writers hold transactions open and commit in random order', async () => {
    const prefix = `late-${randomUUID()}`;
    const seen: RecordedEvent[] = [];
    subscriptions.push(
      store.subscribe(
        `late-commit-${prefix}`,
        async (events) => {
          seen.push(...events.filter((e) => e.streamName.startsWith(prefix)));
        },
        { pollIntervalMs: 25, batchSize: 50 },
      ),
    );

    const committed: Array<{ eventId: string; globalPosition: number; committedAt: number }> = [];
    const rolledBack = new Set<string>();
    let commitClock = 0;
    const writers = Array.from({ length: 8 }, (_, writer) => async () => {
      for (let round = 0; round < 20; round++) {
        const events = [newEvent(), newEvent()];
        const rollBack = Math.random() < 0.1;
        try {
          const positions = await test.db.transaction(async (tx) => {
            const [outcome] = await appendEvents(tx, [{ streamName: `${prefix}-${writer}-${round}`, events }]);
            // Hold the transaction open for a random while: later writers commit first.
            await sleep(Math.random() * 60);
            if (rollBack) throw new RollBack();
            if (outcome?.status !== 'appended') throw new Error(`unexpected ${outcome?.status}`);
            return outcome.events;
          });
          const committedAt = ++commitClock;
          positions.forEach((e) => committed.push({ eventId: e.eventId, globalPosition: e.globalPosition, committedAt }));
        } catch (error) {
          if (!(error instanceof RollBack)) throw error;
          events.forEach((e) => rolledBack.add(e.eventId));
        }
      }
    });
    await Promise.all(writers.map((write) => write()));

    await waitFor(() => seen.length >= committed.length, 20_000);
    await sleep(200); // anything more would be a duplicate or a rolled-back event

    const seenIds = seen.map((e) => e.eventId);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(new Set(seenIds)).toEqual(new Set(committed.map((e) => e.eventId)));
    expect(seenIds.filter((id) => rolledBack.has(id))).toEqual([]);
    // The test only proves something if commits really overtook each other: count those inversions.
    const byCommit = [...committed].sort((a, b) => a.committedAt - b.committedAt);
    const inversions = byCommit.filter((entry, index) => index > 0 && entry.globalPosition < byCommit[index - 1]!.globalPosition).length;
    expect(inversions).toBeGreaterThan(10);
  }, 60_000);

  it('runs a subscription on one machine at a time; a cut connection mid-batch hands over without loss or double counting', async () => {
    await test.db.exec('CREATE TABLE lease_handled (event_id uuid NOT NULL, machine text NOT NULL)');
    const prefix = `lease-${randomUUID()}`;
    const name = `lease-${prefix}`;
    const machineA = await PostgresEventStore.open(test.connectAgain());
    const machineB = await PostgresEventStore.open(test.connectAgain());
    let slowHandler = false;
    const handler =
      (machine: string) =>
      async (events: RecordedEvent[], { tx }: { tx: import('../sql/database.port').SqlClient }) => {
        for (const e of events.filter((x) => x.streamName.startsWith(prefix))) {
          await tx.query('INSERT INTO lease_handled (event_id, machine) VALUES ($1, $2)', [e.eventId, machine]);
        }
        if (slowHandler) await sleep(500); // a window to cut the connection while the batch's transaction is open
      };
    const options = { pollIntervalMs: 50, leaseRetryMs: 100, batchSize: 10 };
    const a = machineA.subscribe(name, handler('A'), options);
    await waitFor(() => a.holdsLease);
    const b = machineB.subscribe(name, handler('B'), options);

    const ids: string[] = [];
    const appendSome = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = newEvent();
        await store.appendToStream(`${prefix}-${i % 5}`, [e]);
        ids.push(e.eventId);
      }
    };
    await appendSome(30);
    await waitFor(async () => (await handledCount()) === 30);
    expect(b.holdsLease).toBe(false);

    // Cut the lease holder's connection while it is inside a batch.
    slowHandler = true;
    await appendSome(10);
    await sleep(200);
    // Only this test's database: advisory locks of other databases on the server (other tests, a benchmark) are not ours.
    const { rows } = await test.db.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 7230002 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(rows.filter((row) => row.terminated)).toHaveLength(1);
    slowHandler = false;
    await appendSome(20);

    await waitFor(async () => (await handledCount()) >= 60, 20_000);
    await sleep(300);
    const handled = await test.db.query<{ event_id: string; n: number }>(
      'SELECT event_id::text AS event_id, count(*)::int AS n FROM lease_handled GROUP BY event_id',
    );
    expect(handled.rows.every((row) => row.n === 1)).toBe(true);
    expect(new Set(handled.rows.map((row) => row.event_id))).toEqual(new Set(ids));
    expect([a.holdsLease, b.holdsLease].filter(Boolean)).toHaveLength(1);

    await machineA.close();
    await waitFor(() => b.holdsLease, 10_000);
    await appendSome(5);
    await waitFor(async () => (await handledCount()) === 65);
    await machineB.close();

    async function handledCount(): Promise<number> {
      const result = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lease_handled');
      return result.rows[0]!.n;
    }
  }, 60_000);

  it("appends every racing writer's events to one stream with expected version any, positions without gaps", async () => {
    const stream = `race-${randomUUID()}`;
    await Promise.all(Array.from({ length: 40 }, () => store.appendToStream(stream, [newEvent(), newEvent()])));
    const read = await store.readStream(stream);
    expect(read.events.map((e) => e.streamPosition)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  }, 30_000);

  it('lets exactly one of the writers racing with the same exact expected version win', async () => {
    const stream = `race-exact-${randomUUID()}`;
    await store.appendToStream(stream, [newEvent()]);
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.appendToStream(stream, [newEvent()], { expectedVersion: 1 })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason.name)).toEqual(
      Array(19).fill('StreamVersionConflictError'),
    );
    expect((await store.readStream(stream)).currentVersion).toBe(2);
  });

  it('stores an event once when many requests race to append it', async () => {
    const stream = `race-dup-${randomUUID()}`;
    const same = newEvent();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.appendToStream(stream, [same])));
    expect(results.filter((r) => r.events[0]!.status === 'stored')).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]!.globalPosition)).size).toBe(1);
    expect((await store.readStream(stream)).currentVersion).toBe(1);
  });

  it('migrates once when several processes start together', async () => {
    const fresh = await createTestDatabase('postgres');
    try {
      const pools = Array.from({ length: 4 }, () => fresh.connectAgain());
      const stores = await Promise.all(pools.map((db) => PostgresEventStore.open(db)));
      const { rows } = await fresh.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM schema_migrations WHERE component = 'event_store'",
      );
      expect(rows[0]!.n).toBe(1);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await fresh.drop();
    }
  });
});

describe('Bug: the global order sorted transaction ids as text once they gained a digit (PGlite)', () => {
  it('keeps readAll and the head in numeric transaction order across 999 -> 1000', async () => {
    const test = await createTestDatabase('pglite');
    const store = await PostgresEventStore.open(test.db);
    try {
      // PGlite starts near transaction 750: append one event per transaction until ids pass 1000.
      for (let i = 0; i < 400; i++) await store.appendToStream(`digits-${i % 7}`, [newEvent()]);
      const { rows } = await test.db.query<{ max: string }>('SELECT max(transaction_id)::text AS max FROM event_store.events');
      expect(Number(rows[0]!.max)).toBeGreaterThan(1000);
      const all = await store.readAll({ limit: 1_000 });
      const transactionIds = all.events.map((e) => Number(e.checkpoint.split(':')[0]));
      expect(transactionIds).toEqual([...transactionIds].sort((x, y) => x - y));
      expect(all.events).toHaveLength(400);
      expect(await store.headCheckpoint()).toBe(all.events.at(-1)!.checkpoint);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('Bug: a reader woken while an older transaction held the read horizon slept a whole poll interval', () => {
  it('delivers an event committed behind an open transaction as soon as that transaction ends, not at the next poll', async () => {
    const test = await createTestDatabase('postgres');
    const store = await PostgresEventStore.open(test.db);
    const other = test.connectAgain();
    const seen: RecordedEvent[] = [];
    // A poll interval far beyond the test's patience: only the notification and the held-back retry can deliver.
    const subscription = store.subscribe('held-back', async (events) => void seen.push(...events), { pollIntervalMs: 120_000 });
    try {
      await subscription.caughtUp();
      let endOlder: () => void = () => undefined;
      const older = other.transaction(async (tx) => {
        await tx.query('SELECT pg_current_xact_id()'); // takes a transaction id: the read horizon stays behind it
        await new Promise<void>((resolve) => (endOlder = resolve));
      });
      await sleep(50);
      await store.appendToStream('held-back-1', [newEvent()]); // commits and notifies while the older one is open
      await sleep(300);
      expect(seen).toHaveLength(0); // invisible behind the horizon: the notification was spent on an empty read
      endOlder();
      await older;
      await waitFor(() => seen.length === 1, 10_000);
    } finally {
      await subscription.stop();
      await store.close();
      await test.drop();
    }
  }, 60_000);
});

class RollBack extends Error {}

function newEvent(): NewEvent {
  return { eventId: randomUUID(), type: 'Raced', data: { at: Date.now() } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
