export { TrustMonitorModule } from './trust-monitor.module';
export { TrustProjectionService } from './projection/trust-projection.service';
export { rebuildTrustMonitor, emptyTrustMonitor } from './projection/rebuild';
export { TRUST_PROJECTION } from './projection/trust-projection';
export { computeIndicators, INDICATOR_IDS, WINDOWS, type IndicatorId } from './indicators/indicator-queries';
export { FLAG_CODES, type FlagCode } from './projection/case-flags';
export type { IndicatorsAnswer } from './queries/get-indicators/get-indicators.query';
export type { ListedFlag } from './queries/list-flags/list-flags.query';
export { NationalFeedModule, SnapshotPublisher, SnapshotRelay, type PublishedSnapshot } from './national-feed';
