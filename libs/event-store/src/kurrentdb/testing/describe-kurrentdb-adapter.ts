import { randomUUID } from 'node:crypto';
import { StreamVersionConflictError } from '../../errors';
import type { NewEvent } from '../../event-store.port';
import { compareKurrentDbCheckpoints } from '../kurrentdb-checkpoint';
import type { KurrentDbEventStore } from '../kurrentdb-event-store';

/**
 * What the KurrentDB adapter does beyond the port's conformance suite, where it differs from the PostgreSQL
 * adapter by design (the idempotency window) or where KurrentDB's concurrency shows: run against the model
 * of KurrentDB always, and against a real server when KURRENTDB_URL is set.
 */
export function describeKurrentDbAdapter(
  target: string,
  open: (options: { idempotencyWindow?: number }) => Promise<{ store: KurrentDbEventStore; cleanup(): Promise<void> }>,
): void {
  describe(`KurrentDB adapter: ${target}`, () => {
    let store: KurrentDbEventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await open({ idempotencyWindow: 3 }));
    }, 60_000);

    afterAll(async () => {
      await cleanup?.();
    });

    it('recognises a repeated id among the last idempotencyWindow events of its stream, and only there', async () => {
      const stream = streamName();
      const events = Array.from({ length: 5 }, () => newEvent());
      for (const e of events) await store.appendToStream(stream, [e]);
      const recent = await store.appendToStream(stream, [events[4]!]);
      expect(recent.events[0]).toMatchObject({ status: 'duplicate', streamPosition: 5 });
      // Older than the window of 3: not recognised, stored again (the documented limit).
      const old = await store.appendToStream(stream, [events[0]!]);
      expect(old.events[0]).toMatchObject({ status: 'stored', streamPosition: 6 });
      expect((await store.readStream(stream)).currentVersion).toBe(6);
    });

    it('stores an id already stored in another stream again there (no global uniqueness)', async () => {
      const e = newEvent();
      await store.appendToStream(streamName(), [e]);
      const elsewhere = await store.appendToStream(streamName(), [e]);
      expect(elsewhere.events[0]).toMatchObject({ status: 'stored', streamPosition: 1 });
    });

    it("appends every racing writer's events to one stream with expected version any, positions without gaps", async () => {
      const stream = streamName();
      await Promise.all(Array.from({ length: 12 }, () => store.appendToStream(stream, [newEvent(), newEvent()])));
      const read = await store.readStream(stream);
      expect(read.events.map((e) => e.streamPosition)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    }, 30_000);

    it('lets exactly one of the writers racing with the same exact expected version win', async () => {
      const stream = streamName();
      await store.appendToStream(stream, [newEvent()]);
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.appendToStream(stream, [newEvent()], { expectedVersion: 1 })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      const reasons = attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason as unknown);
      expect(reasons.every((reason) => reason instanceof StreamVersionConflictError)).toBe(true);
      expect((await store.readStream(stream)).currentVersion).toBe(2);
    }, 30_000);

    it('reads the global order as $all orders it: checkpoints and global positions increase, system events left out', async () => {
      const before = await store.headCheckpoint();
      for (let i = 0; i < 10; i++)
        await store.appendToStreams([{ streamName: streamName(), events: [newEvent(), newEvent(), newEvent()] }]);
      const { events } = await store.readAll({ after: before, limit: 1_000 });
      expect(events.length).toBeGreaterThanOrEqual(30);
      events.slice(1).forEach((e, i) => {
        expect(compareKurrentDbCheckpoints(events[i]!.checkpoint, e.checkpoint)).toBeLessThan(0);
        expect(e.globalPosition).toBeGreaterThan(events[i]!.globalPosition);
      });
      expect(events.filter((e) => e.type.startsWith('$') || e.streamName.startsWith('$'))).toEqual([]);
    });
  });
}

function streamName(): string {
  return `kurrentdb-${randomUUID()}`;
}

function newEvent(): NewEvent {
  return { eventId: randomUUID(), type: 'Noted', data: { at: Date.now() } };
}
