import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The national feed's outbox, in the kommune's own database (component `national_feed`). A snapshot is computed and
 * inserted here in one transaction; the relay publishes the rows to the bus in `seq` order and marks them published
 * once the bus has acknowledged them. A crash between the two sends the row again with the same snapshot id, which
 * the national store deduplicates: nothing is lost, nothing is stored twice.
 */
export const nationalFeedMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
CREATE SCHEMA IF NOT EXISTS national_feed;

CREATE TABLE national_feed.snapshots (
  seq          bigserial   PRIMARY KEY,
  snapshot_id  uuid        NOT NULL UNIQUE,
  kommune      text        NOT NULL,
  reason       text        NOT NULL,
  -- What makes a publication happen once: the Monday of a weekly snapshot, the id of a closed measurement;
  -- null for an on-demand one (each request is a publication of its own).
  occasion     text,
  as_of        timestamptz NOT NULL,
  computed_at  timestamptz NOT NULL,
  -- The exact bytes that go on the bus (JSON text), so a resend is the same message.
  payload      text        NOT NULL,
  published_at timestamptz
);
CREATE UNIQUE INDEX snapshots_occasion ON national_feed.snapshots (kommune, reason, occasion) WHERE occasion IS NOT NULL;
CREATE INDEX snapshots_unpublished ON national_feed.snapshots (seq) WHERE published_at IS NULL;
CREATE INDEX snapshots_kommune ON national_feed.snapshots (kommune, seq);

-- Closed measurements of the kommune, already as the snapshot carries them (suppressed), from MeasurementClosed.
CREATE TABLE national_feed.closed_measurements (
  measurement_id text        PRIMARY KEY,
  kommune        text        NOT NULL,
  closed_at      timestamptz NOT NULL,
  results        jsonb       NOT NULL
);
CREATE INDEX closed_measurements_kommune ON national_feed.closed_measurements (kommune, closed_at);

-- Publications asked for by the store's subscription (a measurement closed), done by the publisher outside the
-- subscription's transaction: computing a snapshot takes long, and a long write transaction holds back every
-- reader of the event store.
CREATE TABLE national_feed.requested_publications (
  kommune      text        NOT NULL,
  reason       text        NOT NULL,
  occasion     text        NOT NULL,
  requested_at timestamptz NOT NULL,
  PRIMARY KEY (kommune, reason, occasion)
);
`,
  },
];

/** Announced at commit when a snapshot is waiting in the outbox or a publication was requested (payload: the kommune). */
export const NATIONAL_FEED_CHANNEL = 'national_feed_outbox';
