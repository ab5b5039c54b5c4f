export { NationalFeedModule } from './national-feed.module';
export { SnapshotPublisher, type PublishedSnapshot, type PublishOptions } from './publish/snapshot-publisher';
export { SnapshotRelay } from './outbox/snapshot-relay';
export { buildKommuneSnapshot, type SnapshotFacts } from './snapshot/build-kommune-snapshot';
