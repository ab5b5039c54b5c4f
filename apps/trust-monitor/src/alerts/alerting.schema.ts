import type { Migration } from '@tillidsbarometer/event-store';

/**
 * The alerting's durable state (component `alerting`): the alerts as last reconciled, the transitions the live
 * stream serves, subscriptions, silences, and the delivery pipeline: `pending` (what each subscription still has
 * to be told, and since when: group wait), `notified` (which firing alerts each subscription was told about: the
 * deduplication), `groups` (when a kommune's group last went out: group interval) and the `outbox` of
 * notifications, each with a stable id, written in the same transaction that moves `pending` into `notified`.
 */
export const alertingMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'alerting',
    sql: `
CREATE SCHEMA IF NOT EXISTS alerting;

CREATE TABLE alerting.alerts (
  key              text        PRIMARY KEY,
  id               uuid        NOT NULL UNIQUE,   -- md5(key): the same key always has the same id
  kommune          text        NOT NULL,
  code             text        NOT NULL,
  severity         text        NOT NULL,
  source           text        NOT NULL,          -- flag | warning | feed
  case_id          text,
  subject          text,                          -- a flag's decision or complaint ('' for the case)
  raised_at        timestamptz NOT NULL,
  cleared_at       timestamptz,
  details          jsonb       NOT NULL,
  status           text        NOT NULL,          -- firing | resolved
  fired_seen_at    timestamptz,                   -- when this episode was first seen firing; null: the baseline
  resolved_seen_at timestamptz,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  ack_announced    boolean     NOT NULL DEFAULT false
);
CREATE INDEX alerts_firing ON alerting.alerts (kommune, source) WHERE status = 'firing';
CREATE INDEX alerts_listing ON alerting.alerts (kommune, raised_at DESC);
CREATE INDEX alerts_resolved ON alerting.alerts (resolved_seen_at) WHERE status = 'resolved';
CREATE INDEX alerts_acknowledged ON alerting.alerts (key) WHERE acknowledged_at IS NOT NULL AND NOT ack_announced;

-- Every firing, resolved and acknowledged transition, in the order the one writer (the lease holder) made them.
CREATE TABLE alerting.transitions (
  id      bigserial   PRIMARY KEY,
  kommune text        NOT NULL,
  kind    text        NOT NULL,
  at      timestamptz NOT NULL,
  alert   jsonb       NOT NULL
);
CREATE INDEX transitions_kommune ON alerting.transitions (kommune, id);

-- started_at: when the alerting first ran; baseline_at: when it first reconciled (after the projection caught up).
-- What was raised before started_at and fires at the baseline was firing before the alerting looked: never notified.
CREATE TABLE alerting.state (
  singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  started_at  timestamptz,
  baseline_at timestamptz
);
INSERT INTO alerting.state (singleton) VALUES (true);

CREATE TABLE alerting.subscriptions (
  id           uuid        PRIMARY KEY,
  kommune      text,                              -- null: every kommune (admin only)
  codes        text[],                            -- null: every code
  min_severity text        NOT NULL,
  webhook_url  text,
  secret       text,                              -- signs the webhooks; never returned
  email        text,
  created_at   timestamptz NOT NULL,
  created_by   text        NOT NULL,
  deleted_at   timestamptz
);

CREATE TABLE alerting.pending (
  subscription_id uuid        NOT NULL,
  alert_key       text        NOT NULL,
  kommune         text        NOT NULL,
  status          text        NOT NULL,
  since           timestamptz NOT NULL,
  PRIMARY KEY (subscription_id, alert_key)
);

CREATE TABLE alerting.notified (
  subscription_id uuid NOT NULL,
  alert_key       text NOT NULL,
  PRIMARY KEY (subscription_id, alert_key)
);

CREATE TABLE alerting.groups (
  subscription_id uuid        NOT NULL,
  kommune         text        NOT NULL,
  last_sent_at    timestamptz NOT NULL,
  PRIMARY KEY (subscription_id, kommune)
);

CREATE TABLE alerting.outbox (
  id              uuid        PRIMARY KEY,        -- the notification id (X-Notification-Id, the e-mail's Message-ID)
  seq             bigserial   NOT NULL UNIQUE,    -- a subscription's notifications go out in this order
  subscription_id uuid        NOT NULL,
  kommune         text        NOT NULL,
  created_at      timestamptz NOT NULL,
  body            text        NOT NULL,           -- the exact JSON that is sent (and signed), every attempt alike
  alert_count     integer     NOT NULL,
  status          text        NOT NULL DEFAULT 'pending', -- pending | sent | failed | cancelled
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_error      text,
  sent_at         timestamptz
);
CREATE INDEX outbox_pending ON alerting.outbox (subscription_id, seq) WHERE status = 'pending';
CREATE INDEX outbox_finished ON alerting.outbox (created_at) WHERE status <> 'pending';

CREATE TABLE alerting.silences (
  id         uuid        PRIMARY KEY,
  kommune    text,                                -- null: every kommune (admin only)
  codes      text[],
  case_id    text,
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text        NOT NULL
);
CREATE INDEX silences_ends ON alerting.silences (ends_at);
`,
  },
];

/** Announced by the lease holder when it wrote transitions (payload: the kommuner), for every instance's streams. */
export const ALERT_TRANSITIONS = 'alerting_transitions';
/** Announced by any instance when a subscription, silence or acknowledgement changed: the lease holder looks again. */
export const ALERTING_WAKE = 'alerting_wake';
