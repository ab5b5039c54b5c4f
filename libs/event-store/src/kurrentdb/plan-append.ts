import type { AppendResult, NewEvent, StoredEventPosition, StreamAppend } from '../event-store.port';
import { expectationHolds } from './stream-revision';

/** An event already in the stream, as far as an append needs to know it. */
export interface StoredEventRef {
  eventId: string;
  streamPosition: number;
  globalPosition: number;
}

/**
 * What the adapter read of a stream before appending: its version, and its most recent events (the
 * idempotency window: a repeated id is recognised against these, and only these).
 */
export interface StreamTail {
  version: number;
  recent: readonly StoredEventRef[];
}

type Slot = { kind: 'stored_before'; ref: StoredEventRef } | { kind: 'fresh'; index: number } | { kind: 'repeat'; index: number };

export type AppendPlan =
  /** The expectation does not hold and there is something new to write: the stream is a conflict. */
  | { kind: 'conflict'; actualVersion: number }
  /** Every event is stored already (or repeated): nothing to write, whatever the caller expected. */
  | { kind: 'duplicates'; result: AppendResult }
  /** Write `fresh` at exactly `atVersion`, then settle the answer with `settleAppend`. */
  | { kind: 'write'; streamName: string; atVersion: number; fresh: NewEvent[]; slots: Slot[] };

/**
 * Decides an append against what was just read of its stream, with the PostgreSQL adapter's rules: an event
 * whose id is among the stream's recent events, or repeats an earlier event of the same append, is a
 * duplicate with the original's position and is not written again; an append whose events are all duplicates
 * is answered as such even when its expectation no longer holds (a retried append); otherwise the expectation
 * is checked against the version read, and the fresh events are written right after it.
 */
export function planAppend(append: StreamAppend, tail: StreamTail): AppendPlan {
  const recent = new Map(tail.recent.map((ref) => [ref.eventId.toLowerCase(), ref]));
  const firstOf = new Map<string, number>();
  const fresh: NewEvent[] = [];
  const slots: Slot[] = append.events.map((event) => {
    const id = event.eventId.toLowerCase();
    const ref = recent.get(id);
    if (ref) return { kind: 'stored_before', ref };
    const index = firstOf.get(id);
    if (index !== undefined) return { kind: 'repeat', index };
    firstOf.set(id, fresh.length);
    fresh.push(event);
    return { kind: 'fresh', index: fresh.length - 1 };
  });
  if (fresh.length === 0) {
    const events = slots.map((slot) => position(append.streamName, 'duplicate', (slot as { ref: StoredEventRef }).ref));
    return { kind: 'duplicates', result: { nextExpectedVersion: tail.version, events } };
  }
  if (!expectationHolds(append.expectedVersion ?? 'any', tail.version)) return { kind: 'conflict', actualVersion: tail.version };
  return { kind: 'write', streamName: append.streamName, atVersion: tail.version, fresh, slots };
}

/** The answer to a planned write, from the positions the fresh events got (read back after the write). */
export function settleAppend(plan: Extract<AppendPlan, { kind: 'write' }>, written: readonly StoredEventRef[]): AppendResult {
  if (written.length !== plan.fresh.length) {
    throw new RangeError(`expected ${plan.fresh.length} written events of stream ${plan.streamName}, got ${written.length}`);
  }
  const events = plan.slots.map((slot) => {
    if (slot.kind === 'stored_before') return position(plan.streamName, 'duplicate', slot.ref);
    return position(plan.streamName, slot.kind === 'fresh' ? 'stored' : 'duplicate', written[slot.index]!);
  });
  return { nextExpectedVersion: plan.atVersion + plan.fresh.length, events };
}

function position(streamName: string, status: StoredEventPosition['status'], ref: StoredEventRef): StoredEventPosition {
  return { eventId: ref.eventId, status, streamName, streamPosition: ref.streamPosition, globalPosition: ref.globalPosition };
}
