export { wilsonInterval, Z_95 } from './wilson-interval';
export { proportion, type Proportion } from './proportion';
export { rate, type Rate } from './rate';
export { quantile, median } from './quantile';
export { distribution, type Distribution } from './distribution';
export {
  suppressProportion,
  suppressRate,
  suppressCount,
  suppressDistribution,
  secondarySuppression,
  MINIMUM_UNITS,
  type Suppressible,
} from './suppression';
export { normalQuantile, studentTQuantile, studentTCdf } from './probability-distributions';
export { welchTest, type SampleSummary, type WelchTest } from './welch-test';
export {
  funnelAnalysis,
  funnelLimits,
  winsorise,
  FUNNEL_Z_95,
  FUNNEL_Z_998,
  DEFAULT_WINSORISATION,
  type FunnelAnalysis,
  type FunnelPoint,
  type FunnelUnit,
  type LimitSide,
} from './funnel';
