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
export {
  approximateBernoulliCusumThreshold,
  bernoulliCusumArl,
  bernoulliCusumScore,
  bernoulliCusumStep,
  bernoulliCusumThreshold,
  bernoulliCusumWeights,
  expectedScore,
  type BatchSize,
  type BernoulliCusumDesign,
  type CaseBatch,
  type RunLengthQuestion,
} from './bernoulli-cusum';
export { tabularCusum, type TabularCusumDesign, type TabularCusumPoint } from './tabular-cusum';
export { ewmaLimits, ewmaStep, ewmaVarianceStep } from './ewma';
