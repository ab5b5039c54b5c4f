import { ConfigurationError } from '@tillidsbarometer/runtime';

/**
 * The settings of DELAYED_HELP_DETERIORATION (CONTRACT.md section 5: parameters are configuration), read from
 * WARNING_* variables. docs/drafts/issue-5-warnings.md explains each default and the false-alarm rate it implies.
 */
export interface WarningsConfig {
  /** The deterioration the CUSUM is tuned to: the odds of a late case multiplied by this (WARNING_ODDS_RATIO). */
  oddsRatio: number;
  /** In-control average run length, in weeks, of each whole-kommune series (WARNING_ARL0_WEEKS). */
  arl0Weeks: number;
  /** The same for each department's series, longer because there are five of them (WARNING_DEPARTMENT_ARL0_WEEKS). */
  departmentArl0Weeks: number;
  /** Weeks after the kommune's first case before a series is judged: until then long deadlines are missing from it (WARNING_WARM_UP_WEEKS). */
  warmUpWeeks: number;
  /** The baseline is the share over at most this many weeks (WARNING_BASELINE_WEEKS) ... */
  baselineWeeks: number;
  /** ... ending this many weeks before the week judged (WARNING_BASELINE_LAG_WEEKS; 0: with the week before) ... */
  baselineLagWeeks: number;
  /** ... with at least this many weeks (WARNING_MIN_BASELINE_WEEKS) ... */
  minBaselineWeeks: number;
  /** ... and cases (WARNING_MIN_BASELINE_CASES); a series with fewer is not judged. */
  minBaselineCases: number;
  /** A firing warning clears after this many weeks in a row without a signal (WARNING_QUIET_WEEKS_TO_CLEAR). */
  quietWeeksToClear: number;
  /** The EWMA drawn on the chart: its weight λ (WARNING_EWMA_LAMBDA) and limit width L (WARNING_EWMA_L). */
  ewmaLambda: number;
  ewmaL: number;
}

export const WARNINGS_CONFIG = Symbol('WarningsConfig');

export const DEFAULT_WARNINGS_CONFIG: WarningsConfig = {
  oddsRatio: 2,
  arl0Weeks: 700,
  departmentArl0Weeks: 5_000,
  warmUpWeeks: 26,
  baselineWeeks: 52,
  baselineLagWeeks: 0,
  minBaselineWeeks: 26,
  minBaselineCases: 100,
  quietWeeksToClear: 8,
  ewmaLambda: 0.2,
  ewmaL: 3,
};

type Rule = { variable: string; key: keyof WarningsConfig; whole: boolean; min: number; max: number; minExclusive?: boolean };
const RULES: readonly Rule[] = [
  { variable: 'WARNING_ODDS_RATIO', key: 'oddsRatio', whole: false, min: 1, max: 100, minExclusive: true },
  { variable: 'WARNING_ARL0_WEEKS', key: 'arl0Weeks', whole: false, min: 2, max: 1e7 },
  { variable: 'WARNING_DEPARTMENT_ARL0_WEEKS', key: 'departmentArl0Weeks', whole: false, min: 2, max: 1e7 },
  { variable: 'WARNING_WARM_UP_WEEKS', key: 'warmUpWeeks', whole: true, min: 0, max: 520 },
  { variable: 'WARNING_BASELINE_WEEKS', key: 'baselineWeeks', whole: true, min: 1, max: 520 },
  { variable: 'WARNING_BASELINE_LAG_WEEKS', key: 'baselineLagWeeks', whole: true, min: 0, max: 520 },
  { variable: 'WARNING_MIN_BASELINE_WEEKS', key: 'minBaselineWeeks', whole: true, min: 1, max: 520 },
  { variable: 'WARNING_MIN_BASELINE_CASES', key: 'minBaselineCases', whole: true, min: 1, max: 1e7 },
  { variable: 'WARNING_QUIET_WEEKS_TO_CLEAR', key: 'quietWeeksToClear', whole: true, min: 1, max: 520 },
  { variable: 'WARNING_EWMA_LAMBDA', key: 'ewmaLambda', whole: false, min: 0, max: 1, minExclusive: true },
  { variable: 'WARNING_EWMA_L', key: 'ewmaL', whole: false, min: 0, max: 10, minExclusive: true },
];

/** Reads the WARNING_* variables (RuntimeConfig.env); an unset or empty one takes its default. */
export function loadWarningsConfig(env: Readonly<Record<string, string | undefined>>): WarningsConfig {
  const config: WarningsConfig = { ...DEFAULT_WARNINGS_CONFIG };
  for (const rule of RULES) {
    const text = env[rule.variable];
    if (text === undefined || text.trim() === '') continue;
    const value = Number(text);
    const tooLow = rule.minExclusive ? value <= rule.min : value < rule.min;
    if (!Number.isFinite(value) || (rule.whole && !Number.isInteger(value)) || tooLow || value > rule.max) {
      const kind = rule.whole ? 'a whole number' : 'a number';
      const range = `${rule.minExclusive ? 'above' : 'at least'} ${rule.min} and at most ${rule.max}`;
      throw new ConfigurationError(`${rule.variable} must be ${kind} ${range}, got ${text}`);
    }
    config[rule.key] = value;
  }
  if (config.minBaselineWeeks > config.baselineWeeks) {
    throw new ConfigurationError('WARNING_MIN_BASELINE_WEEKS must not exceed WARNING_BASELINE_WEEKS');
  }
  return config;
}
