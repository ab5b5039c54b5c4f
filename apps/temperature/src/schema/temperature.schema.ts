import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The temperature service's tables (component `temperature`), beside the event store in the same database so that
 * each change commits in one transaction with the events it belongs to.
 *
 * What is deliberately absent: no table holds a token (only SHA-256 hashes), no row of a response has an id, a
 * time or anything of its token, and a used token is deleted from `unused_tokens` rather than marked, so that no
 * surviving row carries the transaction that used it (see docs/drafts/issue-6-temperature.md, residual risk).
 */
export const temperatureMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'measurements',
    sql: `
CREATE SCHEMA IF NOT EXISTS temperature;

-- One row per round: the decider's state at the stream's version, written in the transaction of its events.
CREATE TABLE temperature.measurements (
  id            uuid        PRIMARY KEY,
  kommune       text        NOT NULL,
  status        text        NOT NULL,
  opens_at      timestamptz NOT NULL,
  closes_at     timestamptz NOT NULL,
  closed_at     timestamptz,
  version       bigint      NOT NULL,
  tokens_issued jsonb       NOT NULL,
  state         jsonb       NOT NULL
);
CREATE INDEX measurements_kommune ON temperature.measurements (kommune, closed_at);
CREATE INDEX measurements_to_open ON temperature.measurements (opens_at) WHERE status = 'scheduled';
CREATE INDEX measurements_to_close ON temperature.measurements (closes_at) WHERE status <> 'closed';

-- Every token issued, by its SHA-256 only (the token itself is only in the creator's answer). Never updated.
CREATE TABLE temperature.tokens (
  token_hash     text PRIMARY KEY,
  measurement_id uuid NOT NULL,
  role           text NOT NULL
);

-- The tokens not used yet. Using one deletes its row.
CREATE TABLE temperature.unused_tokens (
  token_hash text PRIMARY KEY
);

-- The mix pool: responses waiting to be written to the store in shuffled batches of at least 5. No id, no time, no
-- token: a response is the role, department, answers and timing, nothing else.
CREATE TABLE temperature.response_pool (
  measurement_id uuid NOT NULL,
  response       json NOT NULL
);
CREATE INDEX response_pool_measurement ON temperature.response_pool (measurement_id);
`,
  },
];
