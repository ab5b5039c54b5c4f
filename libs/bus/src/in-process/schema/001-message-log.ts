import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The in-process bus as a small durable log in the product's own database (component `bus`).
 *
 * Order: `(transaction_id, position)`, read only below the oldest running transaction, as the event store does
 * (see its first migration): two publishers committing out of order can never make a reader skip a message.
 * A group's position is the last message before which everything is acknowledged; acknowledgements beyond it
 * (other keys finished while an earlier message still fails) are rows of their own until the position passes them.
 */
export const messageLogMigration: Migration = {
  version: 1,
  name: 'message-log',
  sql: /* sql */ `
CREATE SCHEMA IF NOT EXISTS bus;

CREATE TABLE bus.messages (
  position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
  topic          text        NOT NULL,
  key            text        NOT NULL,
  message_id     text        NOT NULL,
  value          bytea       NOT NULL,
  headers        json        NOT NULL,
  published_at   timestamptz NOT NULL DEFAULT now(),
  -- The publisher's id is stored once per topic: a publish retried after a crash adds nothing.
  CONSTRAINT messages_topic_message_id UNIQUE (topic, message_id)
);
CREATE INDEX messages_topic_order ON bus.messages (topic, transaction_id, position);

CREATE TABLE bus.consumer_groups (
  topic          text        NOT NULL,
  group_name     text        NOT NULL,
  transaction_id xid8        NOT NULL DEFAULT '0',
  position       bigint      NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, group_name)
);

CREATE TABLE bus.acknowledgements (
  topic      text   NOT NULL,
  group_name text   NOT NULL,
  position   bigint NOT NULL,
  PRIMARY KEY (topic, group_name, position)
);
`,
};
