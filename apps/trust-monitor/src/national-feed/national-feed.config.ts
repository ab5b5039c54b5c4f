import { isKommuneCode } from '@tillidsbarometer/domain';
import { ConfigurationError } from '@tillidsbarometer/runtime';

export const NATIONAL_FEED_CONFIG = Symbol('NationalFeedConfig');

/** The national feed's settings, read from the environment (`RuntimeConfig.env`) with documented defaults. */
export interface NationalFeedConfig {
  relay: {
    /** NATIONAL_FEED_RELAY [on]: whether this process sends the outbox to the bus (one instance at a time does). */
    enabled: boolean;
    /** Snapshots per bus call (each is about 100 kB of JSON). */
    batchSize: number;
    /** NATIONAL_FEED_POLL_MS [5000]: how often to look for unsent snapshots when no notification arrives. */
    pollIntervalMs: number;
    /** The longest pause after a failure (the bus or the database away); pauses grow from 0.5 s to it. */
    maxBackoffMs: number;
  };
  weekly: {
    /** NATIONAL_FEED_WEEKLY [on]: publish every kommune's snapshot each Monday 00:00 Europe/Copenhagen. */
    enabled: boolean;
    /**
     * NATIONAL_FEED_KOMMUNER [every kommune with cases in the read model]: a comma-separated list of the kommuner
     * this trust monitor publishes for.
     */
    kommuner: string[] | null;
    /**
     * NATIONAL_FEED_WEEKLY_DELAY_MS [600000]: how long after the start the week's missing snapshots are made up for
     * (long enough for a start, and the demo's seeding, to finish first).
     */
    catchUpDelayMs: number;
  };
  /**
   * NATIONAL_FEED_REQUEST_QUIET_MS [30000]: a closed measurement's snapshot is made once no other close has come and no
   * snapshot has been computed for this long (a burst of closes is then answered once per kommune).
   */
  requestQuietMs: number;
  /** NATIONAL_FEED_MEASUREMENT_MAX_AGE_DAYS [7]: a close older than this (a replay of old events) publishes nothing of its own. */
  measurementMaxAgeDays: number;
}

export function loadNationalFeedConfig(env: Readonly<Record<string, string | undefined>>): NationalFeedConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const onOff = (name: string, fallback: 'on' | 'off') => {
    const setting = (value(name) ?? fallback).toLowerCase();
    if (setting !== 'on' && setting !== 'off') throw new ConfigurationError(`${name} must be on or off`);
    return setting === 'on';
  };
  const whole = (name: string, fallback: number, minimum: number) => {
    const number = Number(value(name) ?? fallback);
    if (!Number.isInteger(number) || number < minimum)
      throw new ConfigurationError(`${name} must be a whole number of at least ${minimum}`);
    return number;
  };
  const kommuner = value('NATIONAL_FEED_KOMMUNER')
    ?.split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const unknown = kommuner?.filter((code) => !isKommuneCode(code)) ?? [];
  if (unknown.length > 0) throw new ConfigurationError(`NATIONAL_FEED_KOMMUNER names unknown kommune codes: ${unknown.join(', ')}`);
  return {
    relay: {
      enabled: onOff('NATIONAL_FEED_RELAY', 'on'),
      batchSize: 20,
      pollIntervalMs: whole('NATIONAL_FEED_POLL_MS', 5_000, 10),
      maxBackoffMs: 30_000,
    },
    weekly: {
      enabled: onOff('NATIONAL_FEED_WEEKLY', 'on'),
      kommuner: kommuner ?? null,
      catchUpDelayMs: whole('NATIONAL_FEED_WEEKLY_DELAY_MS', 600_000, 0),
    },
    requestQuietMs: whole('NATIONAL_FEED_REQUEST_QUIET_MS', 30_000, 0),
    measurementMaxAgeDays: whole('NATIONAL_FEED_MEASUREMENT_MAX_AGE_DAYS', 7, 0),
  };
}
