import type { EventData, JSONType, RecordedEvent as KurrentDbRecordedEvent } from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';
import type { JsonValue, NewEvent, RecordedEvent } from '../event-store.port';
import { checkpointOfPosition } from './kurrentdb-checkpoint';
import { positionOfRevision } from './stream-revision';

/**
 * A new event as KurrentDB stores it: JSON data, the event id as KurrentDB's event id (lower case, as the
 * PostgreSQL adapter's uuid column returns it), the metadata as a JSON object (`{}` when there is none, so
 * every event reads back the same shape and KurrentDB's tools can show it).
 */
export function toEventData(event: NewEvent): EventData {
  return {
    id: event.eventId.toLowerCase(),
    contentType: 'application/json',
    type: event.type,
    // The client serialises with JSON.stringify: null, numbers and booleans are as valid as objects here.
    data: event.data as JSONType,
    metadata: (event.metadata ?? {}) as JSONType,
  };
}

/**
 * A recorded KurrentDB event in the port's shape. Positions: the stream position is the revision + 1, the
 * global position is the event's prepare position in the log (unique per event, increasing in log order),
 * the checkpoint its $all position. Refuses what this adapter never writes (binary data, metadata that is not
 * a JSON object) and servers that do not report positions on stream reads (before 22.6), with a clear error.
 */
export function toRecordedEvent(event: KurrentDbRecordedEvent): RecordedEvent {
  if (!event.isJson || event.data instanceof Uint8Array) {
    throw new EventStoreError(`event ${event.id} in stream ${event.streamId} is not JSON: this store holds only JSON events`);
  }
  if (!event.position) {
    throw new EventStoreError(`KurrentDB gave no log position for event ${event.id}: the adapter needs KurrentDB 22.6 or newer`);
  }
  const metadata = event.metadata ?? {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) {
    throw new EventStoreError(`event ${event.id} in stream ${event.streamId} has metadata that is not a JSON object`);
  }
  return {
    eventId: event.id,
    type: event.type,
    data: event.data as JsonValue,
    metadata: metadata as { [key: string]: JsonValue },
    streamName: event.streamId,
    streamPosition: positionOfRevision(event.revision),
    globalPosition: globalPositionOf(event.position.prepare),
    checkpoint: checkpointOfPosition(event.position),
    recordedAt: event.created,
  };
}

/** A log position as the port's number: byte offsets stay far below 2^53 (8 PiB of log). */
function globalPositionOf(prepare: bigint): number {
  if (prepare < 0n || prepare > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`log position out of range: ${prepare}`);
  return Number(prepare);
}

/**
 * System events (their types start with `$`: stream metadata, statistics, projection links) are KurrentDB's,
 * not the product's; readers of the global order never see them. The store's own stream names and event
 * types never start with `$` (validateAppends), so this filter can drop nothing of ours.
 */
export function isSystemEvent(event: Pick<KurrentDbRecordedEvent, 'type' | 'streamId'>): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}
