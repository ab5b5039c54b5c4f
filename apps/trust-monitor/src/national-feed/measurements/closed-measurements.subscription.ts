import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { INTEGRATION_BUS, type IntegrationBus } from '@tillidsbarometer/bus';
import { DAY_MS } from '@tillidsbarometer/domain';
import {
  DATABASE,
  EVENT_STORE,
  migrate,
  type Database,
  type EventStore,
  type RecordedEvent,
  type SqlClient,
  type Subscription,
} from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import type { MeasurementClosed } from '@tillidsbarometer/surveys';
import { NATIONAL_FEED_CONFIG, type NationalFeedConfig } from '../national-feed.config';
import { NATIONAL_FEED_CHANNEL, nationalFeedMigrations } from '../national-feed.schema';
import { snapshotMeasurement } from '../snapshot/measurement-results';

export const CLOSED_MEASUREMENTS_SUBSCRIPTION = 'national-feed-measurements';

/**
 * Follows the store for MeasurementClosed (engineer C's event, which carries the round's tally) and keeps each closed
 * measurement as the snapshot will carry it, suppressed, in the subscription's transaction. A recent close also asks
 * for a snapshot of its kommune (RequestedPublications makes it, outside this transaction); a close older than the
 * configured age (a replay of old events) does not.
 */
@Injectable()
export class ClosedMeasurementsSubscription implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ClosedMeasurementsSubscription.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NATIONAL_FEED_CONFIG) private readonly config: NationalFeedConfig,
    @Optional() @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus | null,
  ) {}

  async onModuleInit(): Promise<void> {
    // The feed's schema is migrated here, before anything else of the feed starts (providers' onModuleInit run first).
    await migrate(this.db, 'national_feed', nationalFeedMigrations);
    // Without a bus nothing is sent, so nothing needs following (and a trust monitor run on its own, e.g. in a
    // benchmark, reads the store once, not twice).
    if (!this.bus) return;
    this.subscription = this.store.subscribe(CLOSED_MEASUREMENTS_SUBSCRIPTION, (events, { tx }) => this.handle(events, tx), {
      batchSize: 5_000,
      onError: (error) =>
        this.logger.error({ err: error }, 'the national feed could not record closed measurements; it tries the batch again'),
    });
  }

  /** Resolves when every event committed before the call has been looked at. */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async handle(events: RecordedEvent[], tx: SqlClient): Promise<void> {
    const recentFrom = this.clock().getTime() - this.config.measurementMaxAgeDays * DAY_MS;
    for (const event of events) {
      if (event.type !== 'MeasurementClosed') continue;
      const closed = event.data as unknown as MeasurementClosed['data'];
      let results;
      try {
        results = snapshotMeasurement(closed);
      } catch (error) {
        // A stored event does not get better by trying again: it is left out, and said so (without its data).
        this.logger.error(
          { err: error, eventId: event.eventId },
          'a MeasurementClosed event could not be read; it is left out of the snapshots',
        );
        continue;
      }
      await tx.query(
        `INSERT INTO national_feed.closed_measurements (measurement_id, kommune, closed_at, results) VALUES ($1, $2, $3, $4)
         ON CONFLICT (measurement_id) DO UPDATE SET closed_at = excluded.closed_at, results = excluded.results`,
        [closed.measurementId, closed.kommune, results.closedAt, JSON.stringify(results)],
      );
      if (Date.parse(results.closedAt) >= recentFrom) {
        await tx.query(
          `INSERT INTO national_feed.requested_publications (kommune, reason, occasion, requested_at) VALUES ($1, 'measurement_closed', $2, $3)
           ON CONFLICT DO NOTHING`,
          [closed.kommune, closed.measurementId, this.clock().toISOString()],
        );
        await tx.query('SELECT pg_notify($1, $2)', [NATIONAL_FEED_CHANNEL, closed.kommune]);
      }
    }
  }
}
