export { WARNING_CODES, type KommuneWarning, type WarningCode } from './kommune-warning';
export { upsertWarnings, replaceWarnings, listWarnings, WARNINGS_CHANGED, type WarningFilter } from './warnings.store';
export { WarningsModule } from './warnings.module';
export { loadWarningsConfig, DEFAULT_WARNINGS_CONFIG, WARNINGS_CONFIG, type WarningsConfig } from './warnings.config';
export { detectDeterioration, type ChartPoint, type Detection, type Episode, type WeeklyCount } from './delayed-help/detect-deterioration';
export {
  addCount,
  delayedHelpWarnings,
  detectKommune,
  emptyWeeklyCounts,
  weeklySeries,
  DELAYED_HELP_SERIES,
  type DelayedHelpSeries,
  type KommuneWeeklyCounts,
  type SeriesDetection,
} from './delayed-help/kommune-deterioration';
export {
  evaluateAllKommuner,
  evaluateKommune,
  recomputeDelayedHelpWarnings,
  type EvaluationSummary,
} from './delayed-help/evaluate-delayed-help';
export { DelayedHelpEvaluator } from './delayed-help/delayed-help-evaluator.service';
