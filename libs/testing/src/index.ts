export {
  generateHistory,
  type Deterioration,
  type HistoryOptions,
  type KommuneDeadlines,
  type SyntheticHistory,
  type TimedEvent,
} from './synthetic-history/generate-history';
export type { PublishedDeadline } from './synthetic-history/kommune-profile';
export { REQUESTS_PER_YEAR_DENMARK, AREAS } from './synthetic-history/calibration';
export { HistoryFacts, type Share } from './synthetic-history/history-facts';
