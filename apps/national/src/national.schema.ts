import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The national store (component `national`): every kommune snapshot received (history), the latest per kommune and
 * its cells in rows for the queries, the NATIONAL_OUTLIER signals with the moments they fired and cleared, and the
 * messages that were parked. It holds only what the snapshots hold: suppressed aggregates, never a person.
 */
export const nationalMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'national store',
    sql: `
CREATE SCHEMA IF NOT EXISTS national;

CREATE TABLE national.snapshots (
  snapshot_id uuid        PRIMARY KEY,  -- the idempotency key: a snapshot delivered again is stored once
  kommune     text        NOT NULL,
  reason      text        NOT NULL,
  as_of       timestamptz NOT NULL,
  computed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  bytes       integer     NOT NULL,
  payload     json        NOT NULL      -- the snapshot as validated, for history
);
CREATE INDEX snapshots_kommune ON national.snapshots (kommune, as_of, computed_at);

-- The newest snapshot per kommune by (as_of, computed_at): an older one delivered late never replaces it.
CREATE TABLE national.latest (
  kommune     text        PRIMARY KEY,
  snapshot_id uuid        NOT NULL REFERENCES national.snapshots,
  as_of       timestamptz NOT NULL,
  computed_at timestamptz NOT NULL
);

-- The cells of every snapshot: at IS NULL for the cells as of the snapshot's as_of, the month end for trend cells.
CREATE TABLE national.cells (
  snapshot_id    uuid        NOT NULL REFERENCES national.snapshots,
  kommune        text        NOT NULL,
  indicator      text        NOT NULL,
  window_days    integer     NOT NULL,
  department     text,
  at             timestamptz,
  kind           text        NOT NULL,
  suppressed     boolean     NOT NULL,
  value          float8,
  numerator      float8,
  denominator    float8,
  count          integer,
  with_notice    integer,
  without_notice integer,
  n              integer,
  median         float8,
  p90            float8
);
CREATE INDEX cells_lookup ON national.cells (snapshot_id, indicator, window_days);

CREATE TABLE national.kommune_warnings (
  snapshot_id uuid        NOT NULL REFERENCES national.snapshots,
  kommune     text        NOT NULL,
  code        text        NOT NULL,
  department  text,
  series      text        NOT NULL,
  method      text        NOT NULL,
  parameters  jsonb       NOT NULL,
  fired_at    timestamptz NOT NULL,
  cleared_at  timestamptz
);
CREATE INDEX kommune_warnings_snapshot ON national.kommune_warnings (snapshot_id);

-- NATIONAL_OUTLIER (CONTRACT.md section 5): one row per episode outside the 99.8 % adjusted limits.
CREATE TABLE national.outliers (
  kommune     text        NOT NULL,
  indicator   text        NOT NULL,
  window_days integer     NOT NULL,
  fired_at    timestamptz NOT NULL,
  cleared_at  timestamptz,
  details     jsonb       NOT NULL,
  PRIMARY KEY (kommune, indicator, window_days, fired_at)
);
CREATE UNIQUE INDEX outliers_open ON national.outliers (kommune, indicator, window_days) WHERE cleared_at IS NULL;

-- Messages that are no version-1 snapshot, or break its rules: what they were and why, never their content (a
-- publisher with a bug might have put in it what must not leave a kommune).
CREATE TABLE national.parked (
  id               bigserial   PRIMARY KEY,
  message_id       text        NOT NULL,
  message_key      text        NOT NULL,
  received_at      timestamptz NOT NULL,
  delivery_attempt integer     NOT NULL,
  bytes            integer     NOT NULL,
  sha256           text        NOT NULL,
  reason           text        NOT NULL,
  errors           jsonb       NOT NULL,
  UNIQUE (message_id, sha256)
);
`,
  },
  {
    // The queries read the latest snapshot of each kommune only: its cells get a table of their own, whose size follows
    // the 98 kommuner instead of the history (the history of every snapshot stays in national.snapshots.payload). The
    // benchmark showed the join from national.latest into the cells of every snapshot slowing as history grew.
    version: 2,
    name: 'latest cells',
    sql: `
CREATE TABLE national.latest_cells (
  kommune        text        NOT NULL,
  snapshot_id    uuid        NOT NULL,
  indicator      text        NOT NULL,
  window_days    integer     NOT NULL,
  department     text,
  at             timestamptz,
  kind           text        NOT NULL,
  suppressed     boolean     NOT NULL,
  value          float8,
  numerator      float8,
  denominator    float8,
  count          integer,
  with_notice    integer,
  without_notice integer,
  n              integer,
  median         float8,
  p90            float8
);
INSERT INTO national.latest_cells
  SELECT c.kommune, c.snapshot_id, c.indicator, c.window_days, c.department, c.at, c.kind, c.suppressed, c.value, c.numerator,
    c.denominator, c.count, c.with_notice, c.without_notice, c.n, c.median, c.p90
  FROM national.latest l JOIN national.cells c ON c.snapshot_id = l.snapshot_id;
DROP TABLE national.cells;
CREATE INDEX latest_cells_lookup ON national.latest_cells (indicator, window_days);
CREATE INDEX latest_cells_kommune ON national.latest_cells (kommune);
`,
  },
];
