import { BACKWARDS, END, excludeSystemEvents, FORWARDS, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { START_CHECKPOINT, type ReadAllResult, type ReadStreamResult, type RecordedEvent } from '../event-store.port';
import type { KurrentDbClient } from './kurrentdb-client';
import { compareKurrentDbCheckpoints, readPositionAfter } from './kurrentdb-checkpoint';
import { isStreamNotFound, translateKurrentDbError } from './kurrentdb-errors';
import { isSystemEvent, toRecordedEvent } from './event-mapping';
import { revisionOfPosition } from './stream-revision';

/*
 * Every read asks for the leader: the adapter decides appends on what it reads (the duplicate check, the
 * version), and a follower may lag behind the leader that takes the write.
 */
const LEADER = { requiresLeader: true } as const;

/** Reads one stream forwards from a position; an unknown stream is empty. */
export async function readStream(
  client: KurrentDbClient,
  streamName: string,
  fromPosition: number,
  maxCount: number,
): Promise<ReadStreamResult> {
  const from = Math.max(1, Math.floor(fromPosition));
  const events =
    maxCount > 0
      ? await readStreamEvents(client, streamName, { direction: FORWARDS, fromRevision: revisionOfPosition(from), maxCount })
      : [];
  // Fewer events than asked for means the read reached the stream's end: its last event is the version
  // (and a stream read from its start that has none is empty).
  const last = events.at(-1);
  if (last && events.length < maxCount) return { currentVersion: last.streamPosition, events };
  if (!last && from === 1 && maxCount > 0) return { currentVersion: 0, events };
  return { currentVersion: await streamVersion(client, streamName), events };
}

/** The stream's version: its last event's position, 0 when it has none. */
export async function streamVersion(client: KurrentDbClient, streamName: string): Promise<number> {
  const [last] = await readStreamTail(client, streamName, 1);
  return last?.streamPosition ?? 0;
}

/** The stream's last `count` events, newest first (the idempotency window of an append). */
export function readStreamTail(client: KurrentDbClient, streamName: string, count: number): Promise<RecordedEvent[]> {
  return readStreamEvents(client, streamName, { direction: BACKWARDS, fromRevision: END, maxCount: count });
}

/** Events at positions `from`, `from + 1`, ... (at most `count`): read back after a write to learn their positions. */
export function readStreamRange(client: KurrentDbClient, streamName: string, from: number, count: number): Promise<RecordedEvent[]> {
  return readStreamEvents(client, streamName, { direction: FORWARDS, fromRevision: revisionOfPosition(from), maxCount: count });
}

async function readStreamEvents(
  client: KurrentDbClient,
  streamName: string,
  options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number },
): Promise<RecordedEvent[]> {
  try {
    return await collect(client.readStream(streamName, { ...options, ...LEADER }));
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw translateKurrentDbError(error, `reading stream ${streamName}`);
  }
}

/**
 * The global order ($all without KurrentDB's system events, filtered on the server) after `after`, at most
 * `limit` events. A forward read of $all includes the event at the position it starts from, so one more is
 * asked for and everything at or before `after` is dropped (which also holds should a server not include it).
 */
export async function readAll(client: KurrentDbClient, after: string | undefined, limit: number): Promise<ReadAllResult> {
  const from = readPositionAfter(after);
  const start = after ?? START_CHECKPOINT;
  let events: RecordedEvent[];
  try {
    events = await collect(
      client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: limit + 1, filter: excludeSystemEvents(), ...LEADER }),
    );
  } catch (error) {
    throw translateKurrentDbError(error, 'reading $all');
  }
  const page = events.filter((event) => compareKurrentDbCheckpoints(event.checkpoint, start) > 0).slice(0, limit);
  return { events: page, checkpoint: page.at(-1)?.checkpoint ?? start };
}

/** The position of the newest event of the global order, START_CHECKPOINT when there is none. */
export async function headCheckpoint(client: KurrentDbClient): Promise<string> {
  try {
    const [last] = await collect(
      client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents(), ...LEADER }),
    );
    return last?.checkpoint ?? START_CHECKPOINT;
  } catch (error) {
    throw translateKurrentDbError(error, 'reading the head of $all');
  }
}

/**
 * KurrentDB keeps no count of $all: this reads the whole global order once (streamed, without keeping it).
 * Seconds per million events; it is only called for progress reports (a rebuild).
 */
export async function countEvents(client: KurrentDbClient): Promise<number> {
  let count = 0;
  try {
    for await (const resolved of client.readAll({ direction: FORWARDS, filter: excludeSystemEvents(), ...LEADER })) {
      if (resolved.event && !isSystemEvent(resolved.event)) count += 1;
    }
  } catch (error) {
    throw translateKurrentDbError(error, 'counting $all');
  }
  return count;
}

/** The store's events of a read, in read order: resolved links and system events are left out. */
async function collect(read: AsyncIterable<Pick<ResolvedEvent, 'event'>>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) {
    if (resolved.event && !isSystemEvent(resolved.event)) events.push(toRecordedEvent(resolved.event));
  }
  return events;
}
