import type { CaseEvent, DecisionOutcome, Department } from '@tillidsbarometer/domain';

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
