import type { CaseEventRequest } from '@tillidsbarometer/domain';

/** One `PUT /api/v1/kommuner/{kommune}/deadlines`: the deadlines it publishes. */
export interface DeadlinePublication {
  kommune: string;
  deadlines: Array<{ area: string; days: number; effectiveFrom: string }>;
}

/** Everything the product was told: deadline publications in order, and accepted case events in arrival order. */
export interface ReferenceHistory {
  /** Publications in the order they were made (a later one replaces an earlier one's same area and effectiveFrom). */
  deadlines: DeadlinePublication[];
  /** Accepted events, in ARRIVAL order (which may differ from occurredAt order). */
  events: CaseEventRequest[];
}

export type IndicatorWindow = 30 | 90 | 365;

export interface IndicatorsQuery {
  kommune: string;
  /** ISO-8601 with offset: the moment T the figures are evaluated at. */
  asOf: string;
  window: IndicatorWindow;
  department?: string;
}

export interface Proportion {
  value: number | null;
  numerator: number;
  denominator: number;
  ci95: [number, number] | null;
}

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface CountProportion extends Proportion {
  count: number;
  withNotice: number;
  withoutNotice: number;
}

export interface Distribution {
  n: number;
  median: number | null;
  p90: number | null;
}

export interface Indicators {
  timely_decisions: Proportion;
  overdue_open_requests: CountProportion;
  extension_notice_compliance: Proportion;
  late_help_start: Proportion;
  oral_explanation_of_refusals: Proportion;
  written_reasons: Proportion;
  complaint_guidance: Proportion;
  caseworker_changes_per_case_year: Rate;
  high_caseworker_turnover: Proportion;
  personal_contacts_per_case_month: Rate;
  home_visit_share: Proportion;
  complaints_per_100_decisions: Rate;
  timely_reassessment: Proportion;
  appeal_reversal_rate: Proportion;
  time_to_decision_days: Distribution;
  time_to_help_days: Distribution;
}

export type IndicatorId = keyof Indicators;

export interface IndicatorsAnswer {
  kommune: string;
  /** ISO-8601 UTC with milliseconds. */
  asOf: string;
  window: IndicatorWindow;
  department: string | null;
  casesWithoutDeadline: number;
  indicators: Indicators;
}

export const FLAG_CODES = [
  'DEADLINE_AT_RISK',
  'DEADLINE_EXCEEDED_WITHOUT_NOTICE',
  'NOTIFIED_DATE_EXCEEDED',
  'HELP_NOT_STARTED',
  'REFUSAL_NOT_EXPLAINED',
  'REASSESSMENT_OVERDUE',
  'CASEWORKER_CHURN',
] as const;

export type FlagCode = (typeof FLAG_CODES)[number];

export type FlagStatus = 'open' | 'cleared' | 'all';

export interface FlagsQuery {
  kommune: string;
  /** The moment the list is asked for (the product uses its clock). */
  now: string;
  /** Default 'open'. */
  status?: FlagStatus;
  code?: string;
}

/**
 * `deadlineAt` (DEADLINE_AT_RISK, DEADLINE_EXCEEDED_WITHOUT_NOTICE), `expectedDecisionBy` (NOTIFIED_DATE_EXCEEDED),
 * `decisionId` + `dueAt` (HELP_NOT_STARTED, REFUSAL_NOT_EXPLAINED), `complaintId` + `dueAt` (REASSESSMENT_OVERDUE),
 * `caseworkers` (CASEWORKER_CHURN: the count when raised). Timestamps ISO-8601 UTC with milliseconds.
 */
export interface FlagDetails {
  deadlineAt?: string;
  expectedDecisionBy?: string;
  decisionId?: string;
  complaintId?: string;
  dueAt?: string;
  caseworkers?: number;
}

export interface Flag {
  code: FlagCode;
  caseId: string;
  department: string;
  area: string;
  /** ISO-8601 UTC with milliseconds. */
  raisedAt: string;
  /** Present only when the flag is cleared at `now`. */
  clearedAt?: string;
  details: FlagDetails;
}

export interface FlagsAnswer {
  flags: Flag[];
}
