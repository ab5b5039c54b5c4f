import { ConfigurationError } from '@tillidsbarometer/runtime';

/** The days on which a kommune's case system is expected to send events (ISO weekdays, Monday = 1). */
export interface FeedCalendar {
  workingDays: ReadonlySet<number>;
  /** Danish public holidays count as closed days (see working-time.ts), or none do. */
  holidays: 'dk' | 'none';
}

export interface AlertingConfig {
  /** How long a kommune's new alerts wait for others to go out with them in one notification. */
  groupWaitMs: number;
  /** The least time between two notifications of one kommune's alerts to one subscription. */
  groupIntervalMs: number;
  /** The ticker sleeps until the next flag, warning, silence or feed moment, but never longer than this. */
  tickMaxMs: number;
  /** Every so often every kommune is reconciled in full, whatever woke the alerting or not. */
  sweepIntervalMs: number;
  /** Silence on a kommune's feed, counted on working days only, after which FEED_STALE fires; null: never. */
  feedStaleAfterMs: number | null;
  feedCalendar: FeedCalendar;
  webhookTimeoutMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** A notification not delivered this long after it was queued is given up (and recorded as failed). */
  giveUpAfterMs: number;
  /** A comment line on every open stream this often, so that proxies keep it open. */
  heartbeatMs: number;
  /** How often an instance without the lease tries to take it. */
  leaseRetryMs: number;
  /** Resolved alerts, delivered notifications and stream transitions older than this are deleted. */
  retentionMs: number;
  smtpUrl?: string;
  mailFrom: string;
  /**
   * Test hook (never set in production): after this many notifications were sent by this process, the next
   * recording of a delivery waits for ever, so a test can kill the process between a send and its record.
   */
  testHoldAfterSends?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The alerting's settings from the environment (RuntimeConfig.env). Durations are a whole number with a unit:
 * `500ms`, `30s`, `5m`, `24h`, `7d`. Every setting has a default (docs/drafts/issue-5-alerts.md lists them).
 */
export function loadAlertingConfig(env: Readonly<Record<string, string | undefined>>): AlertingConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const duration = (name: string, fallback: string, minMs = 1): number => {
    const text = value(name) ?? fallback;
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]!]! : NaN;
    if (!Number.isSafeInteger(ms) || ms < minMs) {
      throw new ConfigurationError(`${name} must be a duration such as 500ms, 30s, 5m, 24h or 7d (at least ${minMs} ms), got ${text}`);
    }
    return ms;
  };
  const feedStale = value('ALERT_FEED_STALE_AFTER') ?? '24h';
  const holidays = (value('ALERT_FEED_HOLIDAYS') ?? 'dk').toLowerCase();
  if (holidays !== 'dk' && holidays !== 'none') throw new ConfigurationError('ALERT_FEED_HOLIDAYS must be dk or none');
  const smtpUrl = value('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigurationError('SMTP_URL must be an smtp:// or smtps:// URL');
  const hold = value('ALERTING_TEST_HOLD_AFTER_SENDS');
  if (hold !== undefined && !/^\d+$/.test(hold)) throw new ConfigurationError('ALERTING_TEST_HOLD_AFTER_SENDS must be a whole number');
  const retryInitialMs = duration('ALERT_RETRY_INITIAL', '30s');
  return {
    groupWaitMs: duration('ALERT_GROUP_WAIT', '30s', 0),
    groupIntervalMs: duration('ALERT_GROUP_INTERVAL', '5m', 0),
    tickMaxMs: duration('ALERT_TICK_MAX', '30s', 10),
    sweepIntervalMs: duration('ALERT_SWEEP_INTERVAL', '5m', 100),
    feedStaleAfterMs: feedStale.toLowerCase() === 'off' ? null : duration('ALERT_FEED_STALE_AFTER', '24h'),
    feedCalendar: { workingDays: parseWorkingDays(value('ALERT_FEED_WORKING_DAYS') ?? 'mon-fri'), holidays },
    webhookTimeoutMs: duration('ALERT_WEBHOOK_TIMEOUT', '10s', 100),
    retryInitialMs,
    retryMaxMs: Math.max(retryInitialMs, duration('ALERT_RETRY_MAX', '1h')),
    giveUpAfterMs: duration('ALERT_GIVE_UP_AFTER', '24h'),
    heartbeatMs: duration('ALERT_STREAM_HEARTBEAT', '15s', 100),
    leaseRetryMs: duration('ALERT_LEASE_RETRY', '5s', 10),
    retentionMs: duration('ALERT_RETENTION', '90d', 60_000),
    smtpUrl,
    mailFrom: value('MAIL_FROM') ?? 'Tillidsbarometer <alerts@tillidsbarometer.invalid>',
    ...(hold === undefined ? {} : { testHoldAfterSends: Number(hold) }),
  };
}

/** `mon-fri`, `mon-sun`, or a list such as `mon,tue,thu`. */
function parseWorkingDays(text: string): ReadonlySet<number> {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const [from, to] = part.trim().split('-');
    const start = WEEKDAYS.indexOf(from ?? '');
    const end = to === undefined ? start : WEEKDAYS.indexOf(to);
    if (start < 0 || end < start) {
      throw new ConfigurationError(`ALERT_FEED_WORKING_DAYS must be days such as mon-fri or mon,tue,thu, got ${text}`);
    }
    for (let day = start; day <= end; day++) days.add(day + 1);
  }
  return days;
}
