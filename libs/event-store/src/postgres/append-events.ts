import type { ExpectedVersion, StoredEventPosition, StreamAppend, StreamAppendResult } from '../event-store.port';
import type { SqlClient } from '../sql/database.port';

/** One event's outcome: [i, status, stream, stream position, global position, stream version after the call]. */
type Outcome = [number, 'stored' | 'duplicate' | 'conflict' | 'retry', string, number | null, number | null, number];

/** A stream's result, or `retry`: a concurrent writer got in between and the stream may simply be tried again. */
export type AppendOutcome = StreamAppendResult | { streamName: string; status: 'retry'; actualVersion: number };

/**
 * Calls `event_store.append_events` once for every stream of the batch (one statement, one round trip) on
 * the given client, which may be inside a caller's transaction. Input must already be validated.
 */
export async function appendEvents(client: SqlClient, appends: readonly StreamAppend[]): Promise<AppendOutcome[]> {
  const payload: unknown[] = [];
  for (const append of appends) {
    const v = encodeExpectedVersion(append.expectedVersion);
    for (const event of append.events) {
      payload.push({
        i: payload.length,
        s: append.streamName,
        v,
        id: event.eventId,
        t: event.type,
        d: event.data,
        m: event.metadata ?? null,
      });
    }
  }
  const { rows } = await client.query<{ result: { settled: Outcome[] | null; careful: Outcome[] | null } }>(
    'SELECT event_store.append_events($1::json) AS result',
    [JSON.stringify(payload)],
  );
  // The answer is one JSON value (one parse), not a row per event: a batch of 1,000 is 1,000 rows less.
  const byIndex: Outcome[] = new Array(payload.length);
  for (const outcome of [...(rows[0]!.result.settled ?? []), ...(rows[0]!.result.careful ?? [])]) byIndex[outcome[0]] = outcome;

  let offset = 0;
  return appends.map((append): AppendOutcome => {
    const outcomes = byIndex.slice(offset, offset + append.events.length);
    offset += append.events.length;
    const [, firstStatus, , , , version] = outcomes[0]!;
    if (outcomes.some((outcome) => outcome[1] === 'retry'))
      return { streamName: append.streamName, status: 'retry', actualVersion: version };
    if (firstStatus === 'conflict') {
      return {
        streamName: append.streamName,
        status: 'conflict',
        expectedVersion: append.expectedVersion ?? 'any',
        actualVersion: version,
      };
    }
    return {
      streamName: append.streamName,
      status: 'appended',
      nextExpectedVersion: version,
      events: outcomes.map(([, status, streamName, streamPosition, globalPosition], index): StoredEventPosition => ({
        eventId: append.events[index]!.eventId,
        status: status as 'stored' | 'duplicate',
        streamName,
        streamPosition: streamPosition!,
        globalPosition: globalPosition!,
      })),
    };
  });
}

function encodeExpectedVersion(expected: ExpectedVersion | undefined): number | null {
  if (expected === undefined || expected === 'any') return null;
  if (expected === 'no_stream') return 0;
  if (expected === 'stream_exists') return -1;
  return expected;
}
