import type { NewEvent, StreamAppend } from '../event-store.port';
import { planAppend, settleAppend, type AppendPlan, type StoredEventRef } from './plan-append';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number): NewEvent => ({ eventId: id(n), type: 'Noted', data: { n } });
const ref = (n: number, streamPosition: number, globalPosition: number): StoredEventRef => ({
  eventId: id(n),
  streamPosition,
  globalPosition,
});
const append = (events: NewEvent[], expectedVersion?: StreamAppend['expectedVersion']): StreamAppend => ({
  streamName: 'case-101-A',
  events,
  expectedVersion,
});
const write = (plan: AppendPlan) => {
  if (plan.kind !== 'write') throw new Error(`expected a write, got ${plan.kind}`);
  return plan;
};

describe('planAppend: what an append writes, decided on what was just read of its stream', () => {
  it('writes a new stream from its start', () => {
    const plan = write(planAppend(append([event(1), event(2)], 'no_stream'), { version: 0, recent: [] }));
    expect(plan.atVersion).toBe(0);
    expect(plan.fresh.map((e) => e.eventId)).toEqual([id(1), id(2)]);
    expect(settleAppend(plan, [ref(1, 1, 100), ref(2, 2, 180)])).toEqual({
      nextExpectedVersion: 2,
      events: [
        { eventId: id(1), status: 'stored', streamName: 'case-101-A', streamPosition: 1, globalPosition: 100 },
        { eventId: id(2), status: 'stored', streamName: 'case-101-A', streamPosition: 2, globalPosition: 180 },
      ],
    });
  });

  it('refuses an unmet expectation as a conflict at the version read', () => {
    const tail = { version: 3, recent: [ref(9, 3, 500)] };
    expect(planAppend(append([event(1)], 2), tail)).toEqual({ kind: 'conflict', actualVersion: 3 });
    expect(planAppend(append([event(1)], 'no_stream'), tail)).toEqual({ kind: 'conflict', actualVersion: 3 });
    expect(planAppend(append([event(1)], 'stream_exists'), { version: 0, recent: [] })).toEqual({ kind: 'conflict', actualVersion: 0 });
    expect(write(planAppend(append([event(1)], 3), tail)).atVersion).toBe(3);
    expect(write(planAppend(append([event(1)]), tail)).atVersion).toBe(3);
  });

  it('answers a retried append whose events are all stored as duplicates, whatever it expected', () => {
    const tail = { version: 2, recent: [ref(2, 2, 180), ref(1, 1, 100)] };
    expect(planAppend(append([event(1), event(2)], 'no_stream'), tail)).toEqual({
      kind: 'duplicates',
      result: {
        nextExpectedVersion: 2,
        events: [
          { eventId: id(1), status: 'duplicate', streamName: 'case-101-A', streamPosition: 1, globalPosition: 100 },
          { eventId: id(2), status: 'duplicate', streamName: 'case-101-A', streamPosition: 2, globalPosition: 180 },
        ],
      },
    });
  });

  it('writes only what is new: stored ids keep their place, a repeat in the append takes its first occurrence', () => {
    const tail = { version: 2, recent: [ref(2, 2, 180), ref(1, 1, 100)] };
    // 2 stored before, 3 new, 3 again, 4 new, upper-case 4 again (ids compare without case)
    const plan = write(
      planAppend(append([event(2), event(3), event(3), event(4), { ...event(4), eventId: id(4).toUpperCase() }], 'any'), tail),
    );
    expect(plan.fresh.map((e) => e.eventId)).toEqual([id(3), id(4)]);
    expect(settleAppend(plan, [ref(3, 3, 260), ref(4, 4, 340)])).toEqual({
      nextExpectedVersion: 4,
      events: [
        { eventId: id(2), status: 'duplicate', streamName: 'case-101-A', streamPosition: 2, globalPosition: 180 },
        { eventId: id(3), status: 'stored', streamName: 'case-101-A', streamPosition: 3, globalPosition: 260 },
        { eventId: id(3), status: 'duplicate', streamName: 'case-101-A', streamPosition: 3, globalPosition: 260 },
        { eventId: id(4), status: 'stored', streamName: 'case-101-A', streamPosition: 4, globalPosition: 340 },
        { eventId: id(4), status: 'duplicate', streamName: 'case-101-A', streamPosition: 4, globalPosition: 340 },
      ],
    });
  });

  it('checks the expectation when some events are new, even if others are stored (as the PostgreSQL adapter does)', () => {
    const tail = { version: 2, recent: [ref(2, 2, 180), ref(1, 1, 100)] };
    expect(planAppend(append([event(1), event(5)], 'no_stream'), tail)).toEqual({ kind: 'conflict', actualVersion: 2 });
  });

  it('recognises ids in the window it was given, and nothing older', () => {
    // The stream has 5 events; the window read the last 2: event 1 (at position 1) is not among them.
    const plan = write(planAppend(append([event(1)]), { version: 5, recent: [ref(5, 5, 900), ref(4, 4, 800)] }));
    expect(plan.fresh).toHaveLength(1);
  });

  it('refuses to settle a write with a different number of events than it wrote', () => {
    const plan = write(planAppend(append([event(1), event(2)]), { version: 0, recent: [] }));
    expect(() => settleAppend(plan, [ref(1, 1, 100)])).toThrow(RangeError);
  });
});
