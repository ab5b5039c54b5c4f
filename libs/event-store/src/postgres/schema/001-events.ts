import type { Migration } from '../../sql/migrate';

/**
 * The event store's tables and its batch append function.
 *
 * Global order: `(transaction_id, global_position)`. A sequence alone cannot be read safely, because a
 * transaction that took a lower sequence number can commit after one with a higher number, and a reader
 * that already moved past would skip it for ever. Readers therefore only read rows whose transaction is
 * older than every transaction still running (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`):
 * such rows can no longer be joined by an earlier one. The cost: one long open transaction holds every
 * reader back until it ends. (The approach of Emmett's PostgreSQL store; Marten's history of sequence-gap
 * bugs is why not gap detection.)
 */
export const eventsMigration: Migration = {
  version: 1,
  name: 'events',
  sql: /* sql */ `
CREATE SCHEMA IF NOT EXISTS event_store;

CREATE TABLE event_store.events (
  stream_name     text        NOT NULL,
  stream_position bigint      NOT NULL,
  -- Cached: each session takes 100 numbers at a time. Still increasing within a transaction, which is
  -- all the global order (transaction_id, global_position) needs.
  global_position bigint      GENERATED ALWAYS AS IDENTITY (CACHE 100),
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  -- json, not jsonb: the store never looks inside a payload, and json is kept as the writer's compact text,
  -- which costs nothing to convert on the way in or out (jsonb would cost a conversion both ways).
  data            json        NOT NULL,
  metadata        json        NOT NULL DEFAULT '{}',
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  -- The stream's version check and its reads both go through this key.
  PRIMARY KEY (stream_name, stream_position),
  CONSTRAINT events_event_id_unique UNIQUE (event_id)
);

CREATE INDEX events_global_order ON event_store.events (transaction_id, global_position);

-- Where each named subscription stands; written in the same transaction as its handler's writes.
CREATE TABLE event_store.subscriptions (
  name            text        PRIMARY KEY,
  transaction_id  xid8        NOT NULL,
  global_position bigint      NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Appends events to many streams in one call (one statement in the common case). p_events is a JSON array
-- of {i, s: stream, v: expected version (null any, -1 stream exists, n exactly n; 0 no stream), id, t, d, m}.
-- Returns {"settled": [...], "careful": [...]}, each entry [i, status, stream, stream position, global
-- position, stream version after the call]; status stored | duplicate | conflict | retry.
--
-- Fast path: every stream whose expectation holds gets its events inserted after its version. Anything
-- else goes through append_events_carefully, which looks at every event one by one: streams whose
-- expectation failed (possibly a retried append whose events are all stored), and the whole batch when
-- any insert hits a unique key (an id already stored or repeated in the batch, a concurrent writer).
CREATE FUNCTION event_store.append_events(p_events json)
RETURNS json
LANGUAGE plpgsql
-- The planner cannot estimate the CTEs' sizes (a batch is 1 to 1,000 events) and would join them by
-- nested loops, quadratic in the batch. Hash joins are right at every size here; the index probes are
-- subplans, which this setting does not touch.
SET enable_nestloop = off
AS $fn$
DECLARE
  settled_results json;
  leftover json;
  careful_results json;
BEGIN
  BEGIN
    WITH input AS (
      SELECT x.* FROM json_to_recordset(p_events) AS x(i integer, s text, v bigint, id uuid, t text, d json, m json)
    ),
    streams AS (
      SELECT input.s, min(input.v) AS expected, count(*) AS n,
        coalesce((SELECT max(e.stream_position) FROM event_store.events e WHERE e.stream_name = input.s), 0) AS version
      FROM input GROUP BY input.s
    ),
    accepted AS (
      SELECT streams.* FROM streams
      WHERE expected IS NULL OR (expected = -1 AND version > 0) OR expected = version
    ),
    to_insert AS (
      SELECT input.*, a.version + a.n AS stream_version,
        a.version + row_number() OVER (PARTITION BY input.s ORDER BY input.i) AS pos
      FROM input JOIN accepted a ON a.s = input.s
    ),
    inserted AS (
      -- No ON CONFLICT: checking every unique index before every row costs as much again. A conflict
      -- (an id already stored or repeated, a concurrent writer) aborts this block instead, see below.
      INSERT INTO event_store.events (stream_name, stream_position, event_id, event_type, data, metadata)
      SELECT s, pos, id, t, d, coalesce(m, '{}'::json) FROM to_insert
      ORDER BY s, pos  -- one lock order for every writer: no deadlock between two batches
      RETURNING event_id, stream_position, global_position
    )
    SELECT
      (SELECT json_agg(json_build_array(t.i, 'stored', t.s, ins.stream_position, ins.global_position, t.stream_version))
         FROM to_insert t JOIN inserted ins ON ins.event_id = t.id),
      (SELECT json_agg(input) FROM input WHERE NOT EXISTS (SELECT 1 FROM accepted WHERE accepted.s = input.s))
    INTO settled_results, leftover;
  EXCEPTION WHEN unique_violation THEN
    -- The block's inserts are undone: the whole batch goes the careful way.
    settled_results := NULL;
    leftover := p_events;
  END;

  -- Streams whose expectation failed may be a retry of an append already stored: the careful path tells.
  IF leftover IS NOT NULL THEN
    careful_results := event_store.append_events_carefully(leftover);
  END IF;

  -- No pg_notify here: NOTIFY serialises committing transactions on a global lock (it cost two fifths of the
  -- single-event throughput). The adapter wakes subscribers after the commit instead, coalesced.
  RETURN json_build_object('settled', settled_results, 'careful', careful_results);
END
$fn$;

-- The careful path: duplicates (already stored, or repeated in the batch) keep their original position,
-- the rest is appended after the stream's version when its expectation holds, else the stream is a
-- conflict. 'retry': a concurrent writer took one of the stream's positions or ids between our read and
-- our insert; that stream's rows of this call are removed again and the caller tries it once more.
CREATE FUNCTION event_store.append_events_carefully(p_events json)
RETURNS json
LANGUAGE plpgsql
-- Looks up each event id by index (a nested loop): undo the caller's setting.
SET enable_nestloop = on
AS $fn$
DECLARE
  results json;
  partial uuid[];
BEGIN
  WITH input AS (
    SELECT x.* FROM json_to_recordset(p_events) AS x(i integer, s text, v bigint, id uuid, t text, d json, m json)
  ),
  stored AS (
    SELECT e.event_id, e.stream_name, e.stream_position, e.global_position
    FROM event_store.events e
    WHERE e.event_id IN (SELECT input.id FROM input)
  ),
  first_in_batch AS (
    SELECT DISTINCT ON (input.id) input.id, input.i FROM input ORDER BY input.id, input.i
  ),
  fresh AS (
    SELECT input.* FROM input
    JOIN first_in_batch f ON f.i = input.i
    WHERE NOT EXISTS (SELECT 1 FROM stored WHERE stored.event_id = input.id)
  ),
  streams AS (
    SELECT g.s, g.fresh_count, g.expected,
      coalesce((SELECT max(e.stream_position) FROM event_store.events e WHERE e.stream_name = g.s), 0) AS version
    FROM (
      SELECT input.s, min(input.v) AS expected, count(fresh.i) AS fresh_count
      FROM input LEFT JOIN fresh ON fresh.i = input.i
      GROUP BY input.s
    ) g
  ),
  decided AS (
    SELECT streams.*,
      (expected IS NULL OR (expected = -1 AND version > 0) OR expected = version) AS accepted
    FROM streams
  ),
  to_insert AS (
    SELECT f.i, f.s, f.id, f.t, f.d, f.m, d.version + row_number() OVER (PARTITION BY f.s ORDER BY f.i) AS pos
    FROM fresh f JOIN decided d ON d.s = f.s AND d.accepted
  ),
  inserted AS (
    INSERT INTO event_store.events (stream_name, stream_position, event_id, event_type, data, metadata)
    SELECT s, pos, id, t, d, coalesce(m, '{}'::json) FROM to_insert
    ORDER BY s, pos
    ON CONFLICT DO NOTHING
    RETURNING event_id, stream_name, stream_position, global_position
  ),
  stream_outcome AS (
    SELECT d.s, d.version, n.inserted_count,
      CASE WHEN d.fresh_count = 0 THEN 'ok'   -- all duplicates: a retried append, whatever it expected
           WHEN NOT d.accepted THEN 'conflict'
           WHEN coalesce(n.inserted_count, 0) < d.fresh_count THEN 'retry'
           ELSE 'ok' END AS outcome
    FROM decided d
    LEFT JOIN (SELECT stream_name, count(*) AS inserted_count FROM inserted GROUP BY stream_name) n ON n.stream_name = d.s
  ),
  outcome AS (
    SELECT input.i, c.status,
      CASE WHEN c.status = 'duplicate' THEN coalesce(st.stream_name, ins.stream_name) ELSE input.s END AS stream_name,
      CASE WHEN c.status = 'duplicate' THEN coalesce(st.stream_position, ins.stream_position)
           WHEN c.status = 'stored' THEN ins.stream_position END AS stream_position,
      CASE WHEN c.status = 'duplicate' THEN coalesce(st.global_position, ins.global_position)
           WHEN c.status = 'stored' THEN ins.global_position END AS global_position,
      so.version + CASE WHEN so.outcome = 'ok' THEN coalesce(so.inserted_count, 0) ELSE 0 END AS stream_version,
      -- a row this very call inserted in a stream that must be tried again: to be removed
      CASE WHEN c.status = 'retry' AND f.i = input.i THEN ins.event_id END AS to_remove
    FROM input
    JOIN stream_outcome so ON so.s = input.s
    JOIN first_in_batch f ON f.id = input.id
    LEFT JOIN stored st ON st.event_id = input.id
    LEFT JOIN inserted ins ON ins.event_id = input.id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN so.outcome <> 'ok' THEN so.outcome
        WHEN st.event_id IS NOT NULL THEN 'duplicate'
        WHEN ins.event_id IS NULL THEN 'retry'   -- repeats an id whose first occurrence's stream failed
        WHEN f.i = input.i THEN 'stored'
        ELSE 'duplicate'
      END AS status) c
  )
  SELECT json_agg(json_build_array(i, status, stream_name, stream_position, global_position, stream_version)),
         array_agg(to_remove) FILTER (WHERE to_remove IS NOT NULL)
  INTO results, partial
  FROM outcome;

  IF partial IS NOT NULL THEN
    DELETE FROM event_store.events WHERE event_id = ANY (partial);
  END IF;
  RETURN results;
END
$fn$;
`,
};
