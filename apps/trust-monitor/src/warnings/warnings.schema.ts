import type { Migration } from '@tillidsbarometer/event-store';

/** The warnings read model (component `warnings`): every kommune-level signal, whichever method produced it. */
export const warningsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'warnings',
    sql: `
CREATE SCHEMA IF NOT EXISTS warnings;
CREATE TABLE warnings.warnings (
  key        text        PRIMARY KEY,
  code       text        NOT NULL,
  kommune    text        NOT NULL,
  department text,
  series     text        NOT NULL,
  method     text        NOT NULL,
  parameters jsonb       NOT NULL,
  fired_at   timestamptz NOT NULL,
  cleared_at timestamptz,
  details    jsonb       NOT NULL
);
CREATE INDEX warnings_kommune ON warnings.warnings (kommune, fired_at);
CREATE INDEX warnings_code ON warnings.warnings (code, fired_at);
`,
  },
];
