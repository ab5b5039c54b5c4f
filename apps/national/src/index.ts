export { NationalModule } from './national.module';
export { SnapshotConsumer, type HandledAs } from './consumer/snapshot-consumer';
export { nationalMigrations } from './national.schema';
