import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The trust monitor's read model: facts, not counters (ARCHITECTURE.md, "Projections and time"), so every
 * indicator can be asked for any asOf, window and department. Every fact row carries its kommune and its
 * case's department, so the queries filter without joins; the indexes lead with kommune and the time an
 * indicator's window is over.
 */
const factsMigration: Migration = {
  version: 1,
  name: 'facts',
  sql: `
CREATE SCHEMA IF NOT EXISTS trust_monitor;

-- Published deadlines (a later publication of the same area and effectiveFrom replaces the earlier one).
CREATE TABLE trust_monitor.deadlines (
  kommune        text        NOT NULL,
  area           text        NOT NULL,
  effective_from timestamptz NOT NULL,
  days           integer     NOT NULL,
  PRIMARY KEY (kommune, area, effective_from)
);

-- One row per case: its key moments, the deadline it took, and its file (the flags are computed from it).
CREATE TABLE trust_monitor.cases (
  kommune          text        NOT NULL,
  case_id          text        NOT NULL,
  department       text        NOT NULL,
  area             text        NOT NULL,
  received_at      timestamptz NOT NULL,
  deadline_days    integer,
  deadline_at      timestamptz,
  closed_at        timestamptz,
  first_decided_at timestamptz,
  first_notice_at  timestamptz,
  file             jsonb       NOT NULL,
  flags_digest     text,
  PRIMARY KEY (kommune, case_id)
) WITH (fillfactor = 70); -- room for HOT updates: a case's row is rewritten as its events arrive
CREATE INDEX cases_received ON trust_monitor.cases (kommune, received_at);
CREATE INDEX cases_area ON trust_monitor.cases (kommune, area);

-- One row per decision, with what later events told about it.
CREATE TABLE trust_monitor.decisions (
  kommune            text        NOT NULL,
  case_id            text        NOT NULL,
  decision_id        text        NOT NULL,
  department         text        NOT NULL,
  decided_at         timestamptz NOT NULL,
  outcome            text        NOT NULL,
  is_refusal         boolean     NOT NULL,
  written_reasons    boolean     NOT NULL,
  complaint_guidance boolean     NOT NULL,
  help_due_at        timestamptz,            -- grants: plannedStart (00:00 Copenhagen) + 14 days
  first_help_at      timestamptz,
  explained_in_time  boolean     NOT NULL,  -- refusals: explained orally within [decidedAt - 1 day, decidedAt + 14 days]
  PRIMARY KEY (kommune, case_id, decision_id)
);
CREATE INDEX decisions_decided ON trust_monitor.decisions (kommune, decided_at);
CREATE INDEX decisions_help_due ON trust_monitor.decisions (kommune, help_due_at) WHERE help_due_at IS NOT NULL;

-- One row per caseworker assignment; seq is the event's global position (arrival order breaks time ties).
CREATE TABLE trust_monitor.assignments (
  kommune          text        NOT NULL,
  case_id          text        NOT NULL,
  seq              bigint      NOT NULL,
  department       text        NOT NULL,
  assigned_at      timestamptz NOT NULL,
  caseworker       text        NOT NULL,  -- a pseudonym
  is_change        boolean     NOT NULL,
  next_assigned_at timestamptz,
  PRIMARY KEY (kommune, case_id, seq)
);
CREATE INDEX assignments_assigned ON trust_monitor.assignments (kommune, assigned_at);

CREATE TABLE trust_monitor.contacts (
  kommune     text        NOT NULL,
  case_id     text        NOT NULL,
  seq         bigint      NOT NULL,
  department  text        NOT NULL,
  occurred_at timestamptz NOT NULL,
  personal    boolean     NOT NULL,
  home_visit  boolean     NOT NULL,
  PRIMARY KEY (kommune, case_id, seq)
);
CREATE INDEX contacts_occurred ON trust_monitor.contacts (kommune, occurred_at);

-- Appeals (complaints of kind appeal) and when they were first reassessed.
CREATE TABLE trust_monitor.appeals (
  kommune             text        NOT NULL,
  case_id             text        NOT NULL,
  complaint_id        text        NOT NULL,
  department          text        NOT NULL,
  received_at         timestamptz NOT NULL,
  first_reassessed_at timestamptz,
  PRIMARY KEY (kommune, case_id, complaint_id)
);
CREATE INDEX appeals_received ON trust_monitor.appeals (kommune, received_at);

CREATE TABLE trust_monitor.appeal_decisions (
  kommune    text        NOT NULL,
  case_id    text        NOT NULL,
  seq        bigint      NOT NULL,
  department text        NOT NULL,
  decided_at timestamptz NOT NULL,
  outcome    text        NOT NULL,
  PRIMARY KEY (kommune, case_id, seq)
);
CREATE INDEX appeal_decisions_decided ON trust_monitor.appeal_decisions (kommune, decided_at);

CREATE TABLE trust_monitor.help_deliveries (
  kommune     text        NOT NULL,
  case_id     text        NOT NULL,
  seq         bigint      NOT NULL,
  department  text        NOT NULL,
  started_at  timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (kommune, case_id, seq)
);
CREATE INDEX help_deliveries_started ON trust_monitor.help_deliveries (kommune, started_at);

-- Every flag instance of every case, forecasts included (see case-flags.ts); the listing filters by now.
CREATE TABLE trust_monitor.flags (
  kommune    text        NOT NULL,
  case_id    text        NOT NULL,
  code       text        NOT NULL,
  subject    text        NOT NULL,
  raised_at  timestamptz NOT NULL,
  cleared_at timestamptz,
  department text        NOT NULL,
  area       text        NOT NULL,
  details    jsonb       NOT NULL,
  PRIMARY KEY (kommune, case_id, code, subject, raised_at)
);
CREATE INDEX flags_raised ON trust_monitor.flags (kommune, raised_at);
CREATE INDEX flags_moments ON trust_monitor.flags (raised_at);
`,
};

/**
 * The number of distinct caseworkers a case has ever had: a case with fewer than 3 cannot count in
 * high_caseworker_turnover, so that figure only looks at the assignments of the others (a fifth of the cases).
 */
const caseworkersMigration: Migration = {
  version: 2,
  name: 'caseworkers per case',
  sql: `ALTER TABLE trust_monitor.cases ADD COLUMN caseworkers integer NOT NULL DEFAULT 0;`,
};

/**
 * For the alerting (FEED_STALE and the ticker): when each kommune's case events last arrived (the latest
 * recordedAt of its case events, so a rebuild gives the same rows), and indexes for the open flags of a kommune
 * at a moment (cleared_at null or later) and for the next clearing moment of any flag.
 */
const alertingSupportMigration: Migration = {
  version: 3,
  name: 'feeds and flag moments',
  sql: `
CREATE TABLE trust_monitor.feeds (
  kommune       text        PRIMARY KEY,
  last_event_at timestamptz NOT NULL
);
CREATE INDEX flags_open ON trust_monitor.flags (kommune, cleared_at);
CREATE INDEX flags_cleared ON trust_monitor.flags (cleared_at) WHERE cleared_at IS NOT NULL;
`,
};

export const trustMonitorMigrations: readonly Migration[] = [factsMigration, caseworkersMigration, alertingSupportMigration];

/** The read model's tables, emptied together with the subscription's checkpoint by a rebuild. */
export const READ_MODEL_TABLES = [
  'deadlines',
  'cases',
  'decisions',
  'assignments',
  'contacts',
  'appeals',
  'appeal_decisions',
  'help_deliveries',
  'flags',
  'feeds',
] as const;
