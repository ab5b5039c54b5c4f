import type { Migration } from '../../sql/migrate';

/**
 * Where each named subscription to KurrentDB's $all stands, kept in PostgreSQL beside the read models it
 * feeds: written in the same transaction as the handler's writes, so that a crash neither loses nor
 * double-counts an event. (KurrentDB's own checkpoints, of persistent subscriptions, cannot commit together
 * with a PostgreSQL transaction.) A schema of its own: the PostgreSQL adapter's `event_store` schema is not
 * created when the events live in KurrentDB.
 */
export const subscriptionsMigration: Migration = {
  version: 1,
  name: 'subscriptions',
  sql: /* sql */ `
CREATE SCHEMA IF NOT EXISTS kurrentdb;

CREATE TABLE kurrentdb.subscriptions (
  name             text        PRIMARY KEY,
  -- The $all position of the last event handled: commit, then prepare position (bytes into KurrentDB's log).
  commit_position  bigint      NOT NULL CHECK (commit_position >= 0),
  prepare_position bigint      NOT NULL CHECK (prepare_position >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
`,
};
