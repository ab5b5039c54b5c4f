import { Module } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { KommuneSnapshotsHttpController } from './http/kommune-snapshots.http.controller';
import { ClosedMeasurementsSubscription } from './measurements/closed-measurements.subscription';
import { loadNationalFeedConfig, NATIONAL_FEED_CONFIG } from './national-feed.config';
import { SnapshotRelay } from './outbox/snapshot-relay';
import { RequestedPublications } from './publish/requested-publications';
import { SnapshotPublisher } from './publish/snapshot-publisher';
import { WeeklyPublication } from './schedule/weekly-publication';

/**
 * The kommune's side of the national feed (ARCHITECTURE.md, "The national feed"): suppressed snapshots computed into
 * an outbox in the kommune's database (weekly, on demand, when a measurement closes) and relayed to the integration
 * bus. Needs the RuntimeModule; sends when an `INTEGRATION_BUS` is provided (the BusModule), keeps them otherwise.
 */
@Module({
  controllers: [KommuneSnapshotsHttpController],
  providers: [
    { provide: NATIONAL_FEED_CONFIG, useFactory: (config: RuntimeConfig) => loadNationalFeedConfig(config.env), inject: [RUNTIME_CONFIG] },
    ClosedMeasurementsSubscription,
    SnapshotRelay,
    SnapshotPublisher,
    RequestedPublications,
    WeeklyPublication,
  ],
  exports: [SnapshotPublisher, SnapshotRelay],
})
export class NationalFeedModule {}
