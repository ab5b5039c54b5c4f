/** CONTRACT.md section 5: the kommune-level statistical signals. */
export const WARNING_CODES = ['DELAYED_HELP_DETERIORATION', 'TRUST_DROP', 'NATIONAL_OUTLIER'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * One statistical signal: which method fired, with which parameters, on which series and when. Warnings are
 * derived state (from the facts, or from closed measurements): whoever computes them writes them with
 * `upsertWarnings`, and the alerting turns every one into an alert keyed by `key`.
 */
export interface KommuneWarning {
  /** Stable across recomputations of the same signal: the alert key is derived from it. */
  key: string;
  code: WarningCode;
  kommune: string;
  /** The department the series is cut to; null for the whole kommune. */
  department: string | null;
  /** The series it fired on, e.g. `late_first_decisions`, `late_help_starts`, or a question id for TRUST_DROP. */
  series: string;
  /** e.g. `bernoulli_cusum`, `welch_t`. */
  method: string;
  parameters: Record<string, number | string | boolean>;
  /** The moment the signal fired (the end of the week it fired on, the close of the measurement). ISO-8601 UTC. */
  firedAt: string;
  /** When it stopped holding; null while it does. */
  clearedAt: string | null;
  /** What the reader needs to judge it: the statistic, the baseline, the observed figures. */
  details: Record<string, unknown>;
}
