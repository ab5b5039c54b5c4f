import { EventEmitter } from 'node:events';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { KurrentDbClient } from '../kurrentdb-client';

/*
 * A model of the KurrentDB server behind the official client, in memory, for the development machines where
 * no KurrentDB runs. It is NOT KurrentDB: it encodes what the adapter assumes of the server, each point from
 * the client's types and documentation (and the Python client's tested README for the $all read bounds):
 *
 * - Stream revisions count from 0; appending at a stream state checks ANY / NO_STREAM / STREAM_EXISTS / an
 *   exact revision and throws WrongExpectedVersionError with the current revision (or 'no_stream').
 * - Idempotency as the server documents it for non-ANY writes: a write whose expected revision is behind the
 *   stream, and whose event ids are exactly the events after that revision, succeeds without writing again.
 *   ANY writes of an id already in the stream's recent events are also not written again.
 * - Log positions are byte offsets: every event gets its own prepare position; all events of one write share
 *   the commit position, which lies after their prepares (prepare <= commit). $all is ordered by (commit,
 *   prepare). System events ($-types in $-streams) are written now and then, as the server's are.
 * - Reading a stream that does not exist throws StreamNotFoundError while iterating. Reading $all forwards
 *   from a position includes the event at that position; backwards from a position excludes it; a position
 *   that is not an event's is refused. Filters (regex or prefixes, on the event type or the stream name) are
 *   applied before maxCount, on the server.
 * - A live subscription to $all from END emits 'data' for each later event that passes its filter.
 *
 * What it cannot show: timing, clusters and leader changes, the idempotency cache's real size and lifetime,
 * size limits, the wire format. The adapter's conformance run against a real server (KURRENTDB_URL) is the
 * test of these assumptions.
 */

interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: string;
  metadata: string;
  created: Date;
  position: Position;
}

/** Every this many writes the model writes a system event, as the server's statistics and settings do. */
const SYSTEM_EVENT_EVERY = 7;
/** Writes of an id the ANY path still recognises (the server keeps a bounded cache of recent writes). */
const ANY_IDEMPOTENCY_CACHE = 10_000;

export class InMemoryKurrentDb {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly recentIds = new Map<string, StoredRecord>();
  private readonly live = new Set<{ emitter: EventEmitter; filter?: Filter }>();
  private logEnd = 1_000n;
  private writes = 0;
  private unavailable = false;
  /** Runs before a write is checked: a test puts a concurrent writer here. */
  beforeAppend: ((streamName: string) => void) | undefined;
  /** How many appends (writes) reached the model, for tests that count round trips. */
  appendCalls = 0;

  constructor() {
    this.writeSystemEvent('$settings', '$settings');
  }

  /** The client the adapter is given. */
  client(): KurrentDbClient {
    const client = {
      appendToStream: (streamName: string, events: EventData | EventData[], options?: { streamState?: AppendStreamState }) =>
        this.append(streamName, Array.isArray(events) ? events : [events], options?.streamState ?? ANY),
      readStream: (streamName: string, options?: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint }) =>
        this.readStream(streamName, options ?? {}),
      readAll: (options?: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint; filter?: Filter }) =>
        this.readAll(options ?? {}),
      subscribeToAll: (options?: { fromPosition?: ReadPosition; filter?: Filter }) => this.subscribeToAll(options ?? {}),
      dispose: async () => undefined,
    };
    return client as unknown as KurrentDbClient;
  }

  /** Until `restore`: every call fails as on a server that is down, and live subscriptions end with an error. */
  goDown(): void {
    this.unavailable = true;
    for (const subscription of this.live) subscription.emitter.emit('error', this.unavailableError());
    this.live.clear();
  }

  restore(): void {
    this.unavailable = false;
  }

  /** Every record of the log, system events included, in $all order. */
  get records(): readonly StoredRecord[] {
    return this.log;
  }

  private async append(streamName: string, events: EventData[], state: AppendStreamState): Promise<AppendResult> {
    this.appendCalls += 1;
    this.beforeAppend?.(streamName);
    if (this.unavailable) throw this.unavailableError();
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length - 1); // -1: no stream
    const idempotent = this.idempotentWrite(stream, events, state);
    if (idempotent) return { success: true, nextExpectedRevision: idempotent.revision, position: idempotent.position };
    const holds =
      state === ANY ||
      (state === NO_STREAM && current === -1n) ||
      (state === STREAM_EXISTS && current >= 0n) ||
      (typeof state === 'bigint' && state === current);
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: state, current: current === -1n ? NO_STREAM : current });
    }
    const written = this.write(streamName, events);
    this.writes += 1;
    if (this.writes % SYSTEM_EVENT_EVERY === 0) this.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    const last = written.at(-1)!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  /** The server's idempotency: the same ids again at the revision they were written at (or, for ANY, recently). */
  private idempotentWrite(stream: StoredRecord[], events: EventData[], state: AppendStreamState): StoredRecord | undefined {
    let from: number;
    if (state === ANY) {
      const first = this.recentIds.get(events[0]!.id);
      if (!first || this.streams.get(first.streamId) !== stream) return undefined;
      from = Number(first.revision);
    } else if (state === NO_STREAM) from = 0;
    else if (typeof state === 'bigint') from = Number(state) + 1;
    else return undefined;
    if (from + events.length > stream.length || (state !== ANY && from === stream.length)) return undefined;
    const stored = stream.slice(from, from + events.length);
    return stored.every((record, index) => record.id === events[index]!.id) ? stored.at(-1) : undefined;
  }

  private write(streamId: string, events: EventData[]): StoredRecord[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const prepares = events.map((event) => {
      const prepare = this.logEnd;
      this.logEnd += 120n + BigInt(JSON.stringify(event.data).length);
      return prepare;
    });
    const commit = this.logEnd; // the commit record, after the prepares
    this.logEnd += 40n;
    const created = new Date();
    const written = events.map((event, index): StoredRecord => {
      const record: StoredRecord = {
        streamId,
        id: event.id,
        type: event.type,
        revision: BigInt(stream.length),
        data: event.contentType === 'application/json' ? JSON.stringify(event.data) : Buffer.from(event.data).toString('latin1'),
        metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
        created,
        position: { commit, prepare: prepares[index]! },
      };
      stream.push(record);
      this.log.push(record);
      this.recentIds.set(event.id, record);
      return record;
    });
    while (this.recentIds.size > ANY_IDEMPOTENCY_CACHE) this.recentIds.delete(this.recentIds.keys().next().value!);
    for (const record of written) {
      for (const subscription of this.live) {
        if (passes(record, subscription.filter)) setImmediate(() => subscription.emitter.emit('data', resolved(record)));
      }
    }
    return written;
  }

  private writeSystemEvent(streamId: string, type: string): void {
    this.write(streamId, [{ id: crypto.randomUUID(), contentType: 'application/json', type, data: {}, metadata: undefined }]);
  }

  private async *readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint },
  ): AsyncGenerator<ResolvedEvent> {
    if (this.unavailable) throw this.unavailableError();
    const stream = this.streams.get(streamName);
    if (!stream) throw new StreamNotFoundError(undefined, streamName);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (options.direction === BACKWARDS ? END : START);
    let selected: StoredRecord[];
    if (options.direction === BACKWARDS) {
      const end = from === END ? stream.length - 1 : from === START ? 0 : Number(from);
      selected = stream.slice(0, end + 1).reverse();
    } else {
      const start = from === START ? 0 : from === END ? stream.length : Number(from);
      selected = stream.slice(start);
    }
    for (const record of selected.slice(0, max)) yield resolved(record);
  }

  private async *readAll(options: {
    fromPosition?: ReadPosition;
    direction?: string;
    maxCount?: number | bigint;
    filter?: Filter;
  }): AsyncGenerator<AllStreamResolvedEvent> {
    if (this.unavailable) throw this.unavailableError();
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (options.direction === BACKWARDS ? END : START);
    if (from !== START && from !== END && !this.log.some((record) => samePosition(record.position, from))) {
      throw new Error(`the model refuses a position that is no event's: ${from.commit}:${from.prepare}`);
    }
    let selected: StoredRecord[];
    if (options.direction === BACKWARDS) {
      selected = (from === END ? this.log : from === START ? [] : this.log.filter((r) => comparePositions(r.position, from) < 0))
        .slice()
        .reverse();
    } else {
      selected = from === START ? this.log : from === END ? [] : this.log.filter((r) => comparePositions(r.position, from) >= 0);
    }
    let count = 0;
    for (const record of selected) {
      if (count >= max) return;
      if (!passes(record, options.filter)) continue;
      count += 1;
      yield resolved(record) as AllStreamResolvedEvent;
    }
  }

  private subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }) {
    if (options.fromPosition !== END) throw new Error('the model only follows $all from its end');
    const emitter = new EventEmitter();
    const entry = { emitter, filter: options.filter };
    if (this.unavailable) setImmediate(() => emitter.emit('error', this.unavailableError()));
    else this.live.add(entry);
    return Object.assign(emitter, {
      unsubscribe: async () => {
        this.live.delete(entry);
      },
    });
  }

  private unavailableError(): Error {
    return new UnavailableError(undefined, 'the model of KurrentDB is down');
  }
}

function resolved(record: StoredRecord): ResolvedEvent {
  const data = record.data;
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: record.created,
      data: JSON.parse(data),
      metadata: record.metadata === '' ? undefined : JSON.parse(record.metadata),
      position: record.position,
    },
    commitPosition: record.position.commit,
  } as ResolvedEvent;
}

function passes(record: StoredRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'eventType' ? record.type : record.streamId;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function samePosition(a: Position, b: Position): boolean {
  return comparePositions(a, b) === 0;
}
