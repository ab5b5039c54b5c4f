import type { SqlClient } from './sql/database.port';

/**
 * What the writer expects of a stream before its events are appended (optimistic concurrency):
 * `any` skips the check, `no_stream` requires that the stream has no events, `stream_exists` that it has
 * some, and a number that the stream's version (its last position; 0 when empty) is exactly that.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NewEvent {
  /** A UUID chosen by the writer: the idempotency key. The same id twice is stored once. */
  eventId: string;
  type: string;
  data: JsonValue;
  metadata?: { [key: string]: JsonValue };
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  data: JsonValue;
  metadata: { [key: string]: JsonValue };
  streamName: string;
  /** 1 for a stream's first event. */
  streamPosition: number;
  /** Unique and increasing in insertion order; the global read order is `checkpoint`, not this. */
  globalPosition: number;
  /** Where a reader of the global order stands after this event: pass it as `after` to read on. */
  checkpoint: string;
  recordedAt: Date;
}

export interface StoredEventPosition {
  eventId: string;
  /** `stored` now, or `duplicate`: stored earlier (or earlier in this batch), nothing written again. */
  status: 'stored' | 'duplicate';
  streamName: string;
  streamPosition: number;
  globalPosition: number;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  nextExpectedVersion: number;
  events: StoredEventPosition[];
}

export interface StreamAppend {
  streamName: string;
  events: NewEvent[];
  expectedVersion?: ExpectedVersion;
}

export type StreamAppendResult =
  | ({ streamName: string; status: 'appended' } & AppendResult)
  | { streamName: string; status: 'conflict'; expectedVersion: ExpectedVersion; actualVersion: number };

export interface ReadStreamResult {
  /** 0 when the stream has no events. */
  currentVersion: number;
  events: RecordedEvent[];
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** The checkpoint after the last event read (or the one passed in when nothing was read). */
  checkpoint: string;
}

/**
 * A subscription's handler: `tx` is the transaction in which the subscription's checkpoint advances past
 * `events`. Whatever the handler writes through it commits together with that checkpoint, or not at all.
 */
export type SubscriptionHandler = (events: RecordedEvent[], context: { tx: SqlClient }) => Promise<void>;

export interface SubscribeOptions {
  /** Events per handler call (and per transaction). */
  batchSize?: number;
  /** How often to look for events when no notification arrives (the fallback of LISTEN/NOTIFY). */
  pollIntervalMs?: number;
  /** How often an instance that does not hold the lease tries again to take it over. */
  leaseRetryMs?: number;
  /** Called when the handler or the database fails; the subscription retries the same events. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  readonly name: string;
  /** Resolves once this instance holds the lease and has processed every event committed before the call. */
  caughtUp(): Promise<void>;
  /** The checkpoint this instance has committed last (undefined before it holds the lease). */
  readonly checkpoint: string | undefined;
  readonly holdsLease: boolean;
  stop(): Promise<void>;
}

export interface SubscriptionStatus {
  checkpoint: string;
  head: string;
  caughtUp: boolean;
}

/** The event store port: the PostgreSQL adapter (node-postgres and PGlite) and KurrentDB implement it. */
export interface EventStore {
  /** Appends to one stream; throws `StreamVersionConflictError` when the expectation is not met. */
  appendToStream(streamName: string, events: NewEvent[], options?: { expectedVersion?: ExpectedVersion }): Promise<AppendResult>;
  /**
   * Appends to many streams in one transaction and one round trip. Each stream's expectation is checked on
   * its own: an unmet one fails only that stream's events, reported as `conflict` in its result.
   */
  appendToStreams(appends: StreamAppend[]): Promise<StreamAppendResult[]>;
  readStream(streamName: string, options?: { fromPosition?: number; maxCount?: number }): Promise<ReadStreamResult>;
  /** Whole streams, many at once (one round trip where the adapter can): for loading a batch's cases. */
  readStreams(streamNames: readonly string[]): Promise<Map<string, ReadStreamResult>>;
  /** The global order, after `after` (the start when omitted), at most `limit` events. */
  readAll(options?: { after?: string; limit?: number }): Promise<ReadAllResult>;
  /** A named, checkpointed subscription to the global order: catches up, then follows live. */
  subscribe(name: string, handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  /** The checkpoint of the newest event committed and visible to readers (the start when there is none). */
  headCheckpoint(): Promise<string>;
  /**
   * Where a named subscription stands, whichever instance runs it: its committed checkpoint against the head.
   * `caughtUp` is what readiness means for a projection (CONTRACT.md section 10).
   */
  subscriptionStatus(name: string): Promise<SubscriptionStatus>;
  /**
   * Rewinds a named subscription to the start, in the caller's transaction `tx` so that it commits together
   * with the emptying of the read model it feeds (a rebuild). Stop every running instance first.
   */
  resetSubscription(name: string, tx: SqlClient): Promise<void>;
  /** How many events the store holds: for progress reports. */
  countEvents(): Promise<number>;
  close(): Promise<void>;
}

export const START_CHECKPOINT = '0:0';
