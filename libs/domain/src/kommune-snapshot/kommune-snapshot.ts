import type { Department } from '../departments';

/**
 * The kommune snapshot, version 1: what each kommune publishes to the national feed (CONTRACT.md section 8,
 * ARCHITECTURE.md "The national feed"). It is a wire format between two deployables that are released apart, so it
 * names its own vocabulary (indicator ids, survey roles and answer keys, as CONTRACT.md sections 3 and 7 fix them)
 * instead of borrowing the types of either side: a change here is a new version, never a silent one.
 *
 * Everything in it is already suppressed by the publisher (DOMAIN.md, Personal data): a cell built from fewer than
 * 3 units, or a survey figure from fewer than 5 answers, has every figure null and `suppressed: true`, and the
 * department cells of a row are suppressed further where the whole-kommune cell would give one back. It holds
 * codes, numbers and timestamps only: no case reference, pseudonym, case id or free text.
 */
export const KOMMUNE_SNAPSHOT_SCHEMA = 'tillidsbarometer/kommune-snapshot';
export const KOMMUNE_SNAPSHOT_VERSION = 1;

/** Units below which a case figure is suppressed, and answers below which a survey figure is. */
export const SNAPSHOT_THRESHOLDS = Object.freeze({ units: 3, surveyAnswers: 5 });

export const SNAPSHOT_REASONS = ['weekly', 'on_demand', 'measurement_closed'] as const;
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number];

export const SNAPSHOT_WINDOWS = [30, 90, 365] as const;
export type SnapshotWindow = (typeof SNAPSHOT_WINDOWS)[number];

/** count_proportion is overdue_open_requests: a proportion that also names its count and the split by notice. */
export type SnapshotFigureKind = 'proportion' | 'count_proportion' | 'rate' | 'distribution';

/** CONTRACT.md section 3, every indicator with the kind of figure it is. */
export const SNAPSHOT_INDICATOR_KINDS = Object.freeze({
  timely_decisions: 'proportion',
  overdue_open_requests: 'count_proportion',
  extension_notice_compliance: 'proportion',
  late_help_start: 'proportion',
  oral_explanation_of_refusals: 'proportion',
  written_reasons: 'proportion',
  complaint_guidance: 'proportion',
  caseworker_changes_per_case_year: 'rate',
  high_caseworker_turnover: 'proportion',
  personal_contacts_per_case_month: 'rate',
  home_visit_share: 'proportion',
  complaints_per_100_decisions: 'rate',
  timely_reassessment: 'proportion',
  appeal_reversal_rate: 'proportion',
  time_to_decision_days: 'distribution',
  time_to_help_days: 'distribution',
} as const satisfies Record<string, SnapshotFigureKind>);
export type SnapshotIndicatorId = keyof typeof SNAPSHOT_INDICATOR_KINDS;
export const SNAPSHOT_INDICATOR_IDS = Object.freeze(Object.keys(SNAPSHOT_INDICATOR_KINDS) as SnapshotIndicatorId[]);

/**
 * The indicators that also travel as a 12-month trend (whole kommune, at the last 12 month ends): every one but the
 * four built on caseworker assignments and contacts, whose statements cost the most (bench/results.md) and which
 * the national view shows as levels only.
 */
export const SNAPSHOT_TREND_INDICATORS: readonly SnapshotIndicatorId[] = Object.freeze(
  SNAPSHOT_INDICATOR_IDS.filter(
    (id) =>
      !['caseworker_changes_per_case_year', 'high_caseworker_turnover', 'personal_contacts_per_case_month', 'home_visit_share'].includes(
        id,
      ),
  ),
);
export const SNAPSHOT_TREND_MONTHS = 12;

/** The figure of a cell: every field null when suppressed. */
export type SnapshotFigure =
  | { kind: 'proportion'; suppressed: false; value: number; numerator: number; denominator: number }
  | { kind: 'proportion'; suppressed: true; value: null; numerator: null; denominator: null }
  | {
      kind: 'count_proportion';
      suppressed: false;
      value: number;
      numerator: number;
      denominator: number;
      count: number;
      /** Published for the whole kommune only, and only when both parts reach the minimum; null otherwise. */
      withNotice: number | null;
      withoutNotice: number | null;
    }
  | {
      kind: 'count_proportion';
      suppressed: true;
      value: null;
      numerator: null;
      denominator: null;
      count: null;
      withNotice: null;
      withoutNotice: null;
    }
  | { kind: 'rate'; suppressed: false; value: number; numerator: number; denominator: number }
  | { kind: 'rate'; suppressed: true; value: null; numerator: null; denominator: null }
  | { kind: 'distribution'; suppressed: false; n: number; median: number; p90: number }
  | { kind: 'distribution'; suppressed: true; n: null; median: null; p90: null };

/** One indicator over one window for the whole kommune (department null) or one department, as of `asOf`. */
export type SnapshotCell = { indicator: SnapshotIndicatorId; window: SnapshotWindow; department: Department | null } & SnapshotFigure;

/** One indicator for the whole kommune as of a month end `at` (00:00 Europe/Copenhagen on the 1st). */
export type SnapshotTrendCell = { indicator: SnapshotIndicatorId; window: SnapshotWindow; at: string } & SnapshotFigure;

export const SURVEY_ROLES = ['citizen', 'caseworker', 'leader'] as const;
export type SurveyRole = (typeof SURVEY_ROLES)[number];
export const SURVEY_ANSWER_KEYS = ['3', '2', '1', '0', 'ved_ikke', 'naegter_at_svare'] as const;
export const SURVEY_TIMING_CATEGORIES = ['i_rette_tid', 'noget_sent', 'saa_sent_at_det_gav_problemer'] as const;
export const SURVEY_GAPS = ['L-B', 'S-B', 'L-S'] as const;
export type SurveyGap = (typeof SURVEY_GAPS)[number];

/** A closed temperature measurement's results (CONTRACT.md section 7) for the whole kommune, as lists of cells. */
export interface SnapshotMeasurement {
  measurementId: string;
  closedAt: string;
  roles: SurveyRole[];
  questionIds: string[];
  /** Responses per role; suppressed under 5. */
  responses: Array<{ role: SurveyRole; suppressed: false; n: number } | { role: SurveyRole; suppressed: true; n: null }>;
  questions: Array<
    | {
        questionId: string;
        role: SurveyRole;
        suppressed: false;
        n: number;
        mean: number;
        sd: number | null;
        ci95: [number, number] | null;
        /** Answers per key ('3'..'0', 'ved_ikke', 'naegter_at_svare'). */
        distribution: Record<string, number>;
      }
    | { questionId: string; role: SurveyRole; suppressed: true; n: null; mean: null; sd: null; ci95: null; distribution: null }
  >;
  gaps: Array<
    | { questionId: string; gap: SurveyGap; suppressed: false; difference: number; ci95: [number, number] | null; p: number | null }
    | { questionId: string; gap: SurveyGap; suppressed: true; difference: null; ci95: null; p: null }
  >;
  timing: Array<
    | {
        role: SurveyRole;
        suppressed: false;
        n: number;
        i_rette_tid: number;
        noget_sent: number;
        saa_sent_at_det_gav_problemer: number;
      }
    | { role: SurveyRole; suppressed: true; n: null; i_rette_tid: null; noget_sent: null; saa_sent_at_det_gav_problemer: null }
  >;
}

export const SNAPSHOT_WARNING_CODES = ['DELAYED_HELP_DETERIORATION', 'TRUST_DROP'] as const;
export type SnapshotWarningCode = (typeof SNAPSHOT_WARNING_CODES)[number];

/**
 * A kommune-level warning as it leaves the kommune: which method fired on which series, with its parameters, and
 * when. Its `details` (the observed weekly counts, the means) stay home: they are figures of unknown size.
 */
export interface SnapshotWarning {
  code: SnapshotWarningCode;
  department: Department | null;
  series: string;
  method: string;
  parameters: Record<string, number | string | boolean>;
  firedAt: string;
  clearedAt: string | null;
}

export interface KommuneSnapshotV1 {
  schema: typeof KOMMUNE_SNAPSHOT_SCHEMA;
  version: 1;
  /** A UUID: the national store deduplicates by it, and it is the bus message's id. */
  snapshotId: string;
  kommune: string;
  reason: SnapshotReason;
  /** The moment the figures are as of (ISO-8601 UTC). */
  asOf: string;
  /** When the publisher computed it. */
  computedAt: string;
  thresholds: { units: number; surveyAnswers: number };
  /** Every indicator × window × (whole kommune and the five departments): 16 × 3 × 6 = 288 cells. */
  cells: SnapshotCell[];
  /** SNAPSHOT_TREND_INDICATORS × windows × the last 12 month ends, whole kommune. */
  trend: SnapshotTrendCell[];
  /** The kommune's closed measurements, newest first. */
  measurements: SnapshotMeasurement[];
  warnings: SnapshotWarning[];
}

export type KommuneSnapshot = KommuneSnapshotV1;
