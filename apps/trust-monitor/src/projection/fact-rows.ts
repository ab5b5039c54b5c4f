import { isRefusal } from '@tillidsbarometer/domain';
import {
  byTimeThenArrival,
  EXPLANATION_DUE_MS,
  EXPLANATION_EARLIEST_MS,
  firstDecision,
  helpDueAt,
  type CaseDeadline,
  type CaseFile,
} from './case-file';

/**
 * The fact rows a case file stands for, keyed by column name (they are written with json_populate_recordset).
 * Rows that later events can change (a decision is later explained or started, an assignment gets a successor,
 * an appeal is reassessed) are derived again from the whole file whenever the case changes, so late and
 * out-of-order events land in the same rows as orderly ones.
 */
type Row = Record<string, string | number | boolean | null | CaseFile>;

export function caseRow(file: CaseFile, deadline: CaseDeadline | undefined): Row {
  const firstNotice = file.notices.length > 0 ? Math.min(...file.notices.map((n) => n.at)) : undefined;
  return {
    kommune: file.kommune,
    case_id: file.caseId,
    department: file.department,
    area: file.area,
    received_at: iso(file.receivedAt),
    deadline_days: deadline?.days ?? null,
    deadline_at: iso(deadline?.deadlineAt),
    closed_at: iso(file.closedAt),
    first_decided_at: iso(firstDecision(file)?.at),
    first_notice_at: iso(firstNotice),
    file,
    caseworkers: new Set(file.assignments.map((a) => a.caseworker)).size,
  };
}

export function decisionRows(file: CaseFile): Row[] {
  return file.decisions.map((decision) => {
    const starts = file.deliveries.filter((d) => d.decisionId === decision.decisionId).map((d) => d.at);
    const explanations = file.explanations.filter((e) => e.decisionId === decision.decisionId).map((e) => e.at);
    return {
      kommune: file.kommune,
      case_id: file.caseId,
      decision_id: decision.decisionId,
      department: file.department,
      decided_at: iso(decision.at),
      outcome: decision.outcome,
      is_refusal: isRefusal(decision.outcome),
      written_reasons: decision.writtenReasons,
      complaint_guidance: decision.complaintGuidance,
      help_due_at: iso(helpDueAt(decision)),
      first_help_at: iso(starts.length > 0 ? Math.min(...starts) : undefined),
      explained_in_time: explanations.some((at) => at >= decision.at - EXPLANATION_EARLIEST_MS && at <= decision.at + EXPLANATION_DUE_MS),
    };
  });
}

export function assignmentRows(file: CaseFile): Row[] {
  const assignments = byTimeThenArrival(file.assignments);
  return assignments.map((assignment, index) => {
    const previous = assignments[index - 1];
    return {
      kommune: file.kommune,
      case_id: file.caseId,
      seq: assignment.seq,
      department: file.department,
      assigned_at: iso(assignment.at),
      caseworker: assignment.caseworker,
      is_change: previous !== undefined && previous.caseworker !== assignment.caseworker,
      next_assigned_at: iso(assignments[index + 1]?.at),
    };
  });
}

export function appealRows(file: CaseFile): Row[] {
  return file.appeals.map((appeal) => {
    const reassessed = file.reassessments.filter((r) => r.complaintId === appeal.complaintId).map((r) => r.at);
    return {
      kommune: file.kommune,
      case_id: file.caseId,
      complaint_id: appeal.complaintId,
      department: file.department,
      received_at: iso(appeal.at),
      first_reassessed_at: iso(reassessed.length > 0 ? Math.min(...reassessed) : undefined),
    };
  });
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}
