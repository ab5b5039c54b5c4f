import { formatCheckpoint, parseCheckpoint } from '../checkpoint';
import type { JsonValue, ReadAllResult, ReadStreamResult, RecordedEvent } from '../event-store.port';
import type { SqlClient } from '../sql/database.port';

/** The columns of COLUMNS, in order. */
type EventRow = [
  streamName: string,
  streamPosition: number,
  globalPosition: number,
  transactionId: string,
  eventId: string,
  type: string,
  data: JsonValue,
  metadata: { [key: string]: JsonValue },
  recordedAtMs: number,
];

// recorded_at as epoch milliseconds: node-postgres parses timestamps with a regular expression, which
// was an eighth of readAll's time.
// Rows come as arrays (no object per row): readAll is the projections' hot path.
const COLUMNS = `e.stream_name, e.stream_position, e.global_position, e.transaction_id::text, e.event_id, e.event_type,
  e.data, e.metadata, (extract(epoch FROM e.recorded_at) * 1000)::bigint`;

function toRecordedEvent([
  streamName,
  streamPosition,
  globalPosition,
  transactionId,
  eventId,
  type,
  data,
  metadata,
  recordedAtMs,
]: EventRow): RecordedEvent {
  return {
    eventId,
    type,
    data,
    metadata,
    streamName,
    streamPosition,
    globalPosition,
    checkpoint: formatCheckpoint(transactionId, globalPosition),
    recordedAt: new Date(recordedAtMs),
  };
}

/**
 * The global order after `after`: only rows of transactions older than every transaction still running,
 * so that a transaction committing late can never be skipped (see the schema's comment).
 */
export async function readAll(client: SqlClient, after: string | undefined, limit: number): Promise<ReadAllResult> {
  const from = parseCheckpoint(after);
  const rows = await client.queryRows<EventRow>(
    // ORDER BY names the table's columns (e.): a bare name would bind to an output column first.
    `SELECT ${COLUMNS} FROM event_store.events e
     WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
       AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY e.transaction_id, e.global_position
     LIMIT $3`,
    [from.transactionId.toString(), from.globalPosition.toString(), limit],
  );
  const events = rows.map(toRecordedEvent);
  return { events, checkpoint: events.at(-1)?.checkpoint ?? formatCheckpoint(from.transactionId, from.globalPosition) };
}

export async function readStream(client: SqlClient, streamName: string, fromPosition: number, maxCount: number): Promise<ReadStreamResult> {
  // One statement, one snapshot: the version and the events agree.
  const rows = await client.queryRows<[number, ...EventRow]>(
    `SELECT v.version, ${COLUMNS} FROM
       (SELECT coalesce(max(stream_position), 0) AS version FROM event_store.events WHERE stream_name = $1) v
     LEFT JOIN LATERAL (
       SELECT * FROM event_store.events
       WHERE stream_name = $1 AND stream_position >= $2 ORDER BY stream_position LIMIT $3
     ) e ON true
     ORDER BY e.stream_position`,
    [streamName, fromPosition, maxCount],
  );
  return {
    currentVersion: rows[0]?.[0] ?? 0,
    events: rows.filter((row) => row[5] !== null).map(([, ...event]) => toRecordedEvent(event)),
  };
}

export async function readStreams(client: SqlClient, streamNames: readonly string[]): Promise<Map<string, ReadStreamResult>> {
  const streams = new Map<string, ReadStreamResult>(streamNames.map((name) => [name, { currentVersion: 0, events: [] }]));
  if (streamNames.length === 0) return streams;
  const rows = await client.queryRows<EventRow>(
    `SELECT ${COLUMNS} FROM event_store.events e WHERE e.stream_name = ANY ($1::text[]) ORDER BY e.stream_name, e.stream_position`,
    [streamNames],
  );
  for (const row of rows) {
    const stream = streams.get(row[0])!;
    stream.events.push(toRecordedEvent(row));
    stream.currentVersion = row[1];
  }
  return streams;
}

/** The newest committed event, whether or not an older open transaction still hides it from readers. */
/**
 * Whether committed events lie beyond `after` that readAll cannot return yet, because a transaction older than
 * them is still running somewhere on the server (the read horizon). A reader that finds nothing to read but
 * this true looks again soon instead of sleeping a whole poll interval: the notification of their append has
 * already been spent on the read that could not see them.
 */
export async function eventsHeldBack(client: SqlClient, after: string | undefined): Promise<boolean> {
  const from = parseCheckpoint(after);
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM event_store.events e WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)) AS held`,
    [from.transactionId.toString(), from.globalPosition.toString()],
  );
  return rows[0]?.held ?? false;
}

export async function headCheckpoint(client: SqlClient): Promise<string> {
  const { rows } = await client.query<{ transaction_id_text: string; global_position: number }>(
    `SELECT e.transaction_id::text AS transaction_id_text, e.global_position FROM event_store.events e
     ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
  );
  const head = rows[0];
  return head ? formatCheckpoint(head.transaction_id_text, head.global_position) : formatCheckpoint(0n, 0n);
}
