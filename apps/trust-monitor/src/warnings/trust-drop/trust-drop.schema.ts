import type { Migration } from '@tillidsbarometer/event-store';

/** TRUST_DROP's read model (component `trust_drop`): each closed round's citizen summaries per question. */
export const trustDropMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'closed_rounds',
    sql: `
CREATE SCHEMA IF NOT EXISTS trust_drop;
CREATE TABLE trust_drop.closed_rounds (
  measurement_id text        PRIMARY KEY,
  kommune        text        NOT NULL,
  closed_at      timestamptz NOT NULL,
  questions      jsonb       NOT NULL
);
CREATE INDEX closed_rounds_kommune ON trust_drop.closed_rounds (kommune, closed_at);
`,
  },
];
