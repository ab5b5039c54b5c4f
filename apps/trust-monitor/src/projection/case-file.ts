import { copenhagenMidnight, DAY_MS, isGrant, type CaseEvent, type DecisionOutcome, type Department } from '@tillidsbarometer/domain';

/**
 * What the trust monitor keeps of one case to evaluate its flags (CONTRACT.md section 4) and to derive the
 * rows of its decisions, assignments and appeals: every timestamp that a flag or a derived row depends on, in
 * milliseconds, with `seq` (the event's global position) for arrival order. Stored as JSON per case, so a flag
 * is always recomputed from the whole case, whatever order its events came in.
 *
 * Contacts, appeal outcomes and service complaints are left out: no flag depends on them (they are facts of
 * their own for the indicators).
 */
export interface CaseFile {
  kommune: string;
  caseId: string;
  department: Department;
  area: string;
  receivedAt: number;
  closedAt?: number;
  decisions: CaseFileDecision[];
  notices: Array<{ at: number; expectedDecisionBy: number; seq: number }>;
  assignments: Array<{ at: number; caseworker: string; seq: number }>;
  explanations: Array<{ decisionId: string; at: number }>;
  deliveries: Array<{ decisionId: string; at: number }>;
  appeals: Array<{ complaintId: string; at: number }>;
  reassessments: Array<{ complaintId: string; at: number }>;
}

export interface CaseFileDecision {
  decisionId: string;
  at: number;
  outcome: DecisionOutcome;
  writtenReasons: boolean;
  complaintGuidance: boolean;
  /** YYYY-MM-DD, for grants. */
  plannedStart?: string;
  seq: number;
}

/** The deadline a case took at its receivedAt, or none (the case is then left out of deadline figures). */
export interface CaseDeadline {
  days: number;
  deadlineAt: number;
}

/** Which facts an event changes, so the projection rewrites only those. */
export type FactChange = 'case' | 'decisions' | 'assignments' | 'appeals';

/** Applies one event of the case to its file (mutating it) and tells which derived facts changed. */
export function applyToCaseFile(file: CaseFile, event: CaseEvent, seq: number): FactChange[] {
  const at = Date.parse(event.data.occurredAt);
  switch (event.type) {
    case 'HelpRequested':
      return []; // the file is created from it (newCaseFile)
    case 'DeadlineExtensionNotified':
      file.notices.push({ at, expectedDecisionBy: Date.parse(event.data.expectedDecisionBy), seq });
      return ['case'];
    case 'CaseworkerAssigned':
      file.assignments.push({ at, caseworker: event.data.caseworkerPseudonym, seq });
      return ['case', 'assignments'];
    case 'DecisionMade': {
      const { decisionId, outcome, writtenReasons, complaintGuidance, plannedStart } = event.data;
      file.decisions.push({ decisionId, at, outcome, writtenReasons, complaintGuidance, ...(plannedStart ? { plannedStart } : {}), seq });
      return ['case', 'decisions'];
    }
    case 'RefusalExplainedOrally':
      file.explanations.push({ decisionId: event.data.decisionId, at });
      return ['case', 'decisions'];
    case 'HelpDelivered':
      file.deliveries.push({ decisionId: event.data.decisionId, at });
      return ['case', 'decisions'];
    case 'ComplaintReceived':
      if (event.data.kind !== 'appeal') return [];
      file.appeals.push({ complaintId: event.data.complaintId, at });
      return ['case', 'appeals'];
    case 'ComplaintReassessed':
      file.reassessments.push({ complaintId: event.data.complaintId, at });
      return ['case', 'appeals'];
    case 'CaseClosed':
      file.closedAt = at;
      return ['case'];
    case 'ContactRecorded':
    case 'AppealDecided':
      return [];
  }
}

export function newCaseFile(event: Extract<CaseEvent, { type: 'HelpRequested' }>): CaseFile {
  const { kommune, caseId, department, area, occurredAt } = event.data;
  return {
    kommune,
    caseId,
    department,
    area,
    receivedAt: Date.parse(occurredAt),
    decisions: [],
    notices: [],
    assignments: [],
    explanations: [],
    deliveries: [],
    appeals: [],
    reassessments: [],
  };
}

/** Arrival order breaks ties of occurredAt (docs/contract-readings.md). */
export function byTimeThenArrival<T extends { at: number; seq: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

/** The earliest decision by occurredAt (ties: the first to arrive), or none. */
export function firstDecision(file: CaseFile): CaseFileDecision | undefined {
  return byTimeThenArrival(file.decisions)[0];
}

/**
 * The due moments of CONTRACT.md sections 3 and 4, in one place for the flags, the fact rows and the indicator
 * statements: help must start within 14 days of plannedStart, a refusal be explained orally within 14 days
 * (from 1 day before the decision), an appeal be reassessed within 28 days; caseworker churn looks back 365 days.
 */
export const HELP_START_GRACE_MS = 14 * DAY_MS;
export const EXPLANATION_DUE_MS = 14 * DAY_MS;
export const EXPLANATION_EARLIEST_MS = DAY_MS;
export const REASSESSMENT_DUE_MS = 28 * DAY_MS;
export const CASEWORKER_WINDOW_MS = 365 * DAY_MS;

/** A grant's due date for its help to start: plannedStart (00:00 Copenhagen) + 14 days; none for a refusal. */
export function helpDueAt(decision: CaseFileDecision): number | undefined {
  return isGrant(decision.outcome) && decision.plannedStart ? copenhagenMidnight(decision.plannedStart) + HELP_START_GRACE_MS : undefined;
}
