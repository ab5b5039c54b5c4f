import { randomUUID } from 'node:crypto';
import { InvalidAppendError, StreamVersionConflictError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent, Subscription } from '../event-store.port';
import type { Database } from '../sql/database.port';

/**
 * Guarantees of the port that an adapter's engine may not be able to give. An adapter names the ones it
 * lacks, each with the reason why; the suite skips those cases for it alone, printing the reason, and every
 * other adapter is held to them.
 */
export interface MissingCapabilities {
  /** An event id is unique in the whole store: a repeat appended to another stream is a duplicate there. */
  eventIdsUniqueAcrossStreams?: string;
}

export interface ConformanceOptions {
  lacks?: MissingCapabilities;
}

export interface ConformanceSubject {
  store: EventStore;
  /** Where subscription handlers write (for the PostgreSQL adapter: the store's own database). */
  readModel: Database;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must show. Each adapter's spec file calls this once with a factory;
 * the subject is shared by the tests of one file, so every test works on streams of its own and ignores
 * other tests' events in the global order.
 */
export function describeEventStoreConformance(
  adapter: string,
  open: () => Promise<ConformanceSubject>,
  options: ConformanceOptions = {},
): void {
  /** `it`, or a skip that says why, for a case that needs a capability the adapter may lack. */
  const itNeeds =
    (capability: keyof MissingCapabilities) =>
    (name: string, test: jest.ProvidesCallback, timeout?: number): void => {
      const reason = options.lacks?.[capability];
      if (reason === undefined) return it(name, test, timeout);
      // Test support, run only by Jest: a skipped case must say why where the test output shows it.
      // eslint-disable-next-line no-console
      console.warn(`EventStore conformance: ${adapter}: skipped "${name}" (needs ${capability}): ${reason}`);
      it.skip(name, test, timeout);
    };

  describe(`EventStore conformance: ${adapter}`, () => {
    let subject: ConformanceSubject;
    let store: EventStore;
    const subscriptions: Subscription[] = [];

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
      await subject.readModel.exec('CREATE TABLE IF NOT EXISTS conformance_handled (event_id uuid NOT NULL, subscription text NOT NULL)');
    }, 60_000);

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    });

    afterAll(async () => {
      await subject?.cleanup();
    });

    describe('appendToStream', () => {
      it('numbers a new stream from 1 and reports the next expected version', async () => {
        const stream = newStreamName();
        const result = await store.appendToStream(stream, [event('Opened'), event('Noted'), event('Noted')], {
          expectedVersion: 'no_stream',
        });
        expect(result.nextExpectedVersion).toBe(3);
        expect(result.events.map((e) => [e.status, e.streamPosition])).toEqual([
          ['stored', 1],
          ['stored', 2],
          ['stored', 3],
        ]);
        const read = await store.readStream(stream);
        expect(read.currentVersion).toBe(3);
        expect(read.events.map((e) => e.type)).toEqual(['Opened', 'Noted', 'Noted']);
      });

      it('appends at an exact expected version and refuses a stale one with a typed conflict, storing nothing', async () => {
        const stream = newStreamName();
        await store.appendToStream(stream, [event('A'), event('B')]);
        await store.appendToStream(stream, [event('C')], { expectedVersion: 2 });
        const stale = store.appendToStream(stream, [event('D')], { expectedVersion: 2 });
        await expect(stale).rejects.toBeInstanceOf(StreamVersionConflictError);
        await expect(stale).rejects.toMatchObject({ streamName: stream, expectedVersion: 2, actualVersion: 3 });
        expect((await store.readStream(stream)).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('checks no_stream, stream_exists and any', async () => {
        const stream = newStreamName();
        await expect(store.appendToStream(stream, [event('A')], { expectedVersion: 'stream_exists' })).rejects.toMatchObject({
          actualVersion: 0,
        });
        await store.appendToStream(stream, [event('A')], { expectedVersion: 'no_stream' });
        await expect(store.appendToStream(stream, [event('B')], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
          StreamVersionConflictError,
        );
        await store.appendToStream(stream, [event('B')], { expectedVersion: 'stream_exists' });
        await store.appendToStream(stream, [event('C')], { expectedVersion: 'any' });
        await store.appendToStream(stream, [event('D')]);
        expect((await store.readStream(stream)).currentVersion).toBe(4);
      });

      it('stores an event id once: a repeat returns the original position, even with a stale expectation', async () => {
        const stream = newStreamName();
        const first = event('A');
        const original = await store.appendToStream(stream, [first, event('B')], { expectedVersion: 'no_stream' });
        const again = await store.appendToStream(stream, [first], { expectedVersion: 'no_stream' });
        expect(again.events[0]).toEqual({ ...original.events[0], status: 'duplicate' });
        expect(again.nextExpectedVersion).toBe(2);
        expect((await store.readStream(stream)).events).toHaveLength(2);
      });

      itNeeds('eventIdsUniqueAcrossStreams')('reports a repeat of an id stored in another stream as a duplicate there', async () => {
        const first = event('A');
        const original = await store.appendToStream(newStreamName(), [first]);
        const elsewhere = newStreamName();
        const again = await store.appendToStream(elsewhere, [first]);
        expect(again.events[0]).toMatchObject({
          status: 'duplicate',
          streamName: original.events[0]!.streamName,
          globalPosition: original.events[0]!.globalPosition,
        });
        expect((await store.readStream(elsewhere)).currentVersion).toBe(0);
      });

      it('stores a repeat inside one append once', async () => {
        const stream = newStreamName();
        const repeated = event('A');
        const result = await store.appendToStream(stream, [repeated, event('B'), repeated]);
        expect(result.events.map((e) => [e.status, e.streamPosition])).toEqual([
          ['stored', 1],
          ['stored', 2],
          ['duplicate', 1],
        ]);
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('keeps data and metadata exactly', async () => {
        const stream = newStreamName();
        const data = { text: 'Æblegrød på Ærø ✓ 😀', nested: { list: [1, 2.5, -3, true, null, 'x'] }, empty: {}, none: null };
        await store.appendToStream(stream, [{ eventId: randomUUID(), type: 'Kept', data, metadata: { source: 'test', n: 1 } }]);
        const [read] = (await store.readStream(stream)).events;
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual({ source: 'test', n: 1 });
        expect(read!.recordedAt).toBeInstanceOf(Date);
      });
    });

    describe('appendToStreams (batch)', () => {
      it('appends to many streams at once with a result per stream, in order', async () => {
        const streams = Array.from({ length: 50 }, newStreamName);
        const results = await store.appendToStreams(
          streams.map((streamName) => ({ streamName, events: [event('A'), event('B')], expectedVersion: 'no_stream' })),
        );
        expect(results.map((r) => [r.streamName, r.status])).toEqual(streams.map((s) => [s, 'appended']));
        for (const streamName of streams) expect((await store.readStream(streamName)).currentVersion).toBe(2);
      });

      it('fails only the stream whose expectation is unmet', async () => {
        const [good, stale, other] = [newStreamName(), newStreamName(), newStreamName()];
        await store.appendToStream(stale, [event('A')]);
        const results = await store.appendToStreams([
          { streamName: good, events: [event('A')], expectedVersion: 'no_stream' },
          { streamName: stale, events: [event('B'), event('C')], expectedVersion: 'no_stream' },
          { streamName: other, events: [event('A')], expectedVersion: 0 },
        ]);
        expect(results.map((r) => r.status)).toEqual(['appended', 'conflict', 'appended']);
        expect(results[1]).toMatchObject({ expectedVersion: 'no_stream', actualVersion: 1 });
        expect((await store.readStream(stale)).currentVersion).toBe(1);
        expect((await store.readStream(good)).currentVersion).toBe(1);
      });

      it('stores the new streams of a batch that also repeats events already stored, and repeats in it', async () => {
        const known = newStreamName();
        const stored = [event('A'), event('B')];
        const original = await store.appendToStream(known, stored);
        const fresh = [newStreamName(), newStreamName()];
        const again = event('C');
        const results = await store.appendToStreams([
          { streamName: fresh[0]!, events: [event('X'), again, again] },
          { streamName: known, events: [...stored, event('D')], expectedVersion: 'any' },
          { streamName: fresh[1]!, events: [event('Y')], expectedVersion: 'no_stream' },
        ]);
        expect(results.map((r) => r.status)).toEqual(['appended', 'appended', 'appended']);
        const [first, second] = results;
        if (first?.status !== 'appended' || second?.status !== 'appended') throw new Error('expected appended');
        expect(first.events.map((e) => [e.status, e.streamPosition])).toEqual([
          ['stored', 1],
          ['stored', 2],
          ['duplicate', 2],
        ]);
        expect(second.events.map((e) => [e.status, e.globalPosition])).toEqual([
          ['duplicate', original.events[0]!.globalPosition],
          ['duplicate', original.events[1]!.globalPosition],
          ['stored', expect.any(Number)],
        ]);
        expect(second.nextExpectedVersion).toBe(3);
        expect((await store.readStream(known)).events.map((e) => e.type)).toEqual(['A', 'B', 'D']);
        expect((await store.readStream(fresh[1]!)).currentVersion).toBe(1);
      });

      it('treats a retried batch as duplicates, stream by stream', async () => {
        const batch = [newStreamName(), newStreamName()].map((streamName) => ({
          streamName,
          events: [event('A'), event('B')],
          expectedVersion: 'no_stream' as const,
        }));
        const first = await store.appendToStreams(batch);
        const retried = await store.appendToStreams(batch);
        expect(retried.map((r) => r.status)).toEqual(['appended', 'appended']);
        retried.forEach((result, index) => {
          if (result.status !== 'appended' || first[index]!.status !== 'appended') throw new Error('expected appended');
          expect(result.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate']);
          expect(result.events.map((e) => e.globalPosition)).toEqual(first[index]!.events.map((e) => e.globalPosition));
        });
      });
    });

    describe('bad input: a typed error naming the problem, and nothing stored', () => {
      const cases: Array<[string, () => Parameters<EventStore['appendToStreams']>[0], RegExp]> = [
        ['an empty stream name', () => [{ streamName: '', events: [event('A')] }], /streamName/],
        ['a stream name with a space', () => [{ streamName: 'case 1', events: [event('A')] }], /streamName/],
        ['a stream name of 256 characters', () => [{ streamName: 'x'.repeat(256), events: [event('A')] }], /streamName/],
        ['no events', () => [{ streamName: newStreamName(), events: [] }], /events must be a non-empty array/],
        [
          'an event without id',
          () => [{ streamName: newStreamName(), events: [{ type: 'A', data: {} } as unknown as NewEvent] }],
          /eventId must be a UUID/,
        ],
        ['an id that is not a UUID', () => [{ streamName: newStreamName(), events: [{ eventId: 'abc', type: 'A', data: {} }] }], /eventId/],
        [
          'an event without type',
          () => [{ streamName: newStreamName(), events: [{ eventId: randomUUID(), data: {} } as unknown as NewEvent] }],
          /type/,
        ],
        [
          'data that is undefined',
          () => [{ streamName: newStreamName(), events: [{ eventId: randomUUID(), type: 'A' } as unknown as NewEvent] }],
          /data is required/,
        ],
        ['a bigint', () => [{ streamName: newStreamName(), events: [withData({ n: 1n })] }], /data\.n must be JSON-serialisable/],
        ['NaN', () => [{ streamName: newStreamName(), events: [withData({ n: Number.NaN })] }], /data\.n must be a finite number/],
        ['a function', () => [{ streamName: newStreamName(), events: [withData({ f: () => 1 })] }], /data\.f must be JSON-serialisable/],
        ['a Date', () => [{ streamName: newStreamName(), events: [withData({ at: new Date() })] }], /data\.at must be a plain JSON value/],
        ['a cycle', () => [{ streamName: newStreamName(), events: [withData(cyclic())] }], /refers to itself/],
        ['a NUL character', () => [{ streamName: newStreamName(), events: [withData({ s: 'a\u0000b' })] }], /U\+0000/],
        [
          'the same stream twice',
          () => {
            const s = newStreamName();
            return [
              { streamName: s, events: [event('A')] },
              { streamName: s, events: [event('B')] },
            ];
          },
          /repeats stream/,
        ],
        [
          'a negative expected version',
          () => [{ streamName: newStreamName(), events: [event('A')], expectedVersion: -1 }],
          /expectedVersion/,
        ],
      ];

      it.each(cases)('%s', async (_label, appends, message) => {
        const batch = appends();
        const before = await store.headCheckpoint();
        // A valid stream beside the invalid one must not be stored either: the batch is refused whole.
        const valid = { streamName: newStreamName(), events: [event('Valid')] };
        const attempt = store.appendToStreams([valid, ...batch]);
        await expect(attempt).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(attempt).rejects.toThrow(message);
        expect(await store.headCheckpoint()).toBe(before);
        expect((await store.readStream(valid.streamName)).currentVersion).toBe(0);
      });
    });

    describe('reading', () => {
      it('reads a stream from a position, at most maxCount events', async () => {
        const stream = newStreamName();
        await store.appendToStream(
          stream,
          ['A', 'B', 'C', 'D', 'E'].map((type) => event(type)),
        );
        const page = await store.readStream(stream, { fromPosition: 2, maxCount: 2 });
        expect(page.currentVersion).toBe(5);
        expect(page.events.map((e) => [e.streamPosition, e.type])).toEqual([
          [2, 'B'],
          [3, 'C'],
        ]);
        expect(await store.readStream(newStreamName())).toEqual({ currentVersion: 0, events: [] });
      });

      it('reads many whole streams at once, an unknown one as empty', async () => {
        const [a, b, missing] = [newStreamName(), newStreamName(), newStreamName()];
        await store.appendToStreams([
          { streamName: a, events: [event('A1'), event('A2')] },
          { streamName: b, events: [event('B1')] },
        ]);
        await store.appendToStream(a, [event('A3')]);
        const streams = await store.readStreams([a, b, missing]);
        expect([...streams.keys()]).toEqual([a, b, missing]);
        expect(streams.get(a)!.events.map((e) => [e.streamPosition, e.type])).toEqual([
          [1, 'A1'],
          [2, 'A2'],
          [3, 'A3'],
        ]);
        expect(streams.get(a)!.currentVersion).toBe(3);
        expect(streams.get(b)!.events.map((e) => e.type)).toEqual(['B1']);
        expect(streams.get(missing)).toEqual({ currentVersion: 0, events: [] });
        expect(await store.readStreams([])).toEqual(new Map());
      });

      it('reads everything in the global order, page by page, each event exactly once', async () => {
        const start = await store.headCheckpoint();
        const prefix = newStreamName();
        const appended: string[] = [];
        for (let i = 0; i < 7; i++) {
          const events = [event('A'), event('B'), event('C')];
          await store.appendToStream(`${prefix}-${i % 3}`, events);
          appended.push(...events.map((e) => e.eventId));
        }
        const read: RecordedEvent[] = [];
        let checkpoint = start;
        for (;;) {
          const page = await store.readAll({ after: checkpoint, limit: 4 });
          expect(page.events.length).toBeLessThanOrEqual(4);
          if (page.events.length === 0) break;
          read.push(...page.events);
          checkpoint = page.checkpoint;
        }
        expect(read.filter((e) => e.streamName.startsWith(prefix)).map((e) => e.eventId)).toEqual(appended);
        expect(checkpoint).toBe(await store.headCheckpoint());
      });
    });

    describe('subscribe', () => {
      it('catches up, then follows live, delivering each event once and in order', async () => {
        const prefix = newStreamName();
        const before = await appendMany(prefix, 30);
        const seen: string[] = [];
        subscriptions.push(
          store.subscribe(
            `follow-${prefix}`,
            async (events) => {
              seen.push(...events.filter((e) => e.streamName.startsWith(prefix)).map((e) => e.eventId));
            },
            { batchSize: 7, pollIntervalMs: 200 },
          ),
        );
        await waitFor(() => seen.length === 30);
        const after = await appendMany(prefix, 20);
        await waitFor(() => seen.length === 50);
        expect(seen).toEqual([...before, ...after]);
      });

      it('resumes after its checkpoint when started again under the same name', async () => {
        const prefix = newStreamName();
        const name = `resume-${prefix}`;
        const seen: string[] = [];
        const handler = async (events: RecordedEvent[]) => {
          seen.push(...events.filter((e) => e.streamName.startsWith(prefix)).map((e) => e.eventId));
        };
        const first = await appendMany(prefix, 10);
        const subscription = store.subscribe(name, handler, { pollIntervalMs: 100 });
        await waitFor(() => seen.length === 10);
        await subscription.stop();
        const second = await appendMany(prefix, 10);
        subscriptions.push(store.subscribe(name, handler, { pollIntervalMs: 100 }));
        await waitFor(() => seen.length === 20);
        await sleep(300);
        expect(seen).toEqual([...first, ...second]);
      });

      it("commits the handler's writes with the checkpoint: a failed batch leaves nothing and is delivered again", async () => {
        const prefix = newStreamName();
        const name = `atomic-${prefix}`;
        const ids = await appendMany(prefix, 12);
        let failuresLeft = 2;
        const errors: unknown[] = [];
        subscriptions.push(
          store.subscribe(
            name,
            async (events, { tx }) => {
              for (const e of events.filter((x) => x.streamName.startsWith(prefix))) {
                await tx.query('INSERT INTO conformance_handled (event_id, subscription) VALUES ($1, $2)', [e.eventId, name]);
                // Fail after writing part of a batch: those writes must roll back with it.
                if (e.eventId === ids[7] && failuresLeft > 0) {
                  failuresLeft -= 1;
                  throw new Error('handler failed on purpose');
                }
              }
            },
            { batchSize: 5, pollIntervalMs: 100, onError: (error) => errors.push(error) },
          ),
        );
        await waitFor(async () => (await countHandled(name)) === 12, 20_000);
        const { rows } = await subject.readModel.query<{ event_id: string; n: number }>(
          'SELECT event_id::text AS event_id, count(*)::int AS n FROM conformance_handled WHERE subscription = $1 GROUP BY event_id',
          [name],
        );
        expect(rows.every((row) => row.n === 1)).toBe(true);
        expect(new Set(rows.map((row) => row.event_id))).toEqual(new Set(ids));
        expect(errors).toHaveLength(2);
      }, 30_000);

      it('runs one instance per name: a second waits for the lease and takes over without redelivery', async () => {
        const prefix = newStreamName();
        const name = `lease-${prefix}`;
        const seenBy: Record<string, string[]> = { one: [], two: [] };
        const handler = (who: string) => async (events: RecordedEvent[]) => {
          seenBy[who]!.push(...events.filter((e) => e.streamName.startsWith(prefix)).map((e) => e.eventId));
        };
        const one = store.subscribe(name, handler('one'), { pollIntervalMs: 100, leaseRetryMs: 100 });
        await waitFor(() => one.holdsLease);
        const two = store.subscribe(name, handler('two'), { pollIntervalMs: 100, leaseRetryMs: 100 });
        subscriptions.push(two);
        const first = await appendMany(prefix, 10);
        await waitFor(() => seenBy['one']!.length === 10);
        await sleep(300);
        expect(two.holdsLease).toBe(false);
        expect(seenBy['two']).toEqual([]);
        await one.stop();
        const second = await appendMany(prefix, 10);
        await waitFor(() => seenBy['two']!.length === 10);
        expect(seenBy['one']).toEqual(first);
        expect(seenBy['two']).toEqual(second);
      });

      it('reports where a named subscription stands against the head, and rewinds it to the start', async () => {
        const name = `status-${randomUUID()}`;
        const stream = newStreamName();
        await store.appendToStream(stream, [event('Seen')]);
        expect((await store.subscriptionStatus(name)).caughtUp).toBe(false);
        let handled = 0;
        const subscription = store.subscribe(name, async (events) => void (handled += events.length), { pollIntervalMs: 50 });
        subscriptions.push(subscription);
        await subscription.caughtUp();
        const status = await store.subscriptionStatus(name);
        expect(status).toEqual({ checkpoint: subscription.checkpoint, head: await store.headCheckpoint(), caughtUp: true });
        await subscription.stop();
        await subject.readModel.transaction((tx) => store.resetSubscription(name, tx));
        expect((await store.subscriptionStatus(name)).caughtUp).toBe(false);
        const before = handled;
        const again = store.subscribe(name, async (events) => void (handled += events.length), { pollIntervalMs: 50 });
        subscriptions.push(again);
        await again.caughtUp();
        expect(handled - before).toBe(before); // the whole global order once more
        expect(await store.countEvents()).toBeGreaterThanOrEqual(before);
      });

      it('tells when it has caught up with everything committed before the call', async () => {
        const prefix = newStreamName();
        let handled = 0;
        const subscription = store.subscribe(
          `caught-up-${prefix}`,
          async (events) => {
            handled += events.filter((e) => e.streamName.startsWith(prefix)).length;
          },
          { pollIntervalMs: 100 },
        );
        subscriptions.push(subscription);
        await appendMany(prefix, 25);
        await subscription.caughtUp();
        expect(handled).toBe(25);
        expect(subscription.checkpoint).toBe(await store.headCheckpoint());
      });
    });

    async function appendMany(prefix: string, count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const e = event('Numbered', { i });
        await store.appendToStream(`${prefix}-${i % 4}`, [e]);
        ids.push(e.eventId);
      }
      return ids;
    }

    async function countHandled(name: string): Promise<number> {
      const { rows } = await subject.readModel.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM conformance_handled WHERE subscription = $1',
        [name],
      );
      return rows[0]!.n;
    }
  });
}

function newStreamName(): string {
  return `conformance-${randomUUID()}`;
}

function event(type: string, data: NewEvent['data'] = {}): NewEvent {
  return { eventId: randomUUID(), type, data };
}

function withData(data: unknown): NewEvent {
  return { eventId: randomUUID(), type: 'Bad', data: data as NewEvent['data'] };
}

function cyclic(): unknown {
  const value: Record<string, unknown> = { a: 1 };
  value['self'] = value;
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until the condition holds; fails the test with a clear message after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
