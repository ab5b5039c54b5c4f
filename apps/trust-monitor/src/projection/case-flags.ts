import { DAY_MS, isRefusal } from '@tillidsbarometer/domain';
import {
  byTimeThenArrival,
  CASEWORKER_WINDOW_MS,
  EXPLANATION_DUE_MS,
  helpDueAt,
  REASSESSMENT_DUE_MS,
  type CaseDeadline,
  type CaseFile,
} from './case-file';

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

/**
 * One flag instance of a case (CONTRACT.md section 4). `subject` names the decision or appeal it belongs to
 * ('' for the case itself). Instances are computed for all time from what the case has told so far: one whose
 * moment lies in the future is a forecast that holds unless an event changes the case (which recomputes it),
 * and the listing shows an instance only once its moment has passed. So a time-driven flag is visible the
 * instant its moment passes, with no job that has to run first.
 */
export interface FlagInstance {
  code: FlagCode;
  subject: string;
  raisedAt: number;
  clearedAt?: number;
  details: Record<string, string | number>;
}

const CHURN_THRESHOLD = 3;

/** Every flag instance of a case, past, present and forecast, in the reading of docs/contract-readings.md. */
export function caseFlags(file: CaseFile, deadline: CaseDeadline | undefined): FlagInstance[] {
  const flags: FlagInstance[] = [];
  const closes = file.closedAt === undefined ? [] : [file.closedAt];
  const openAt = (moment: number) => file.receivedAt <= moment && (file.closedAt === undefined || file.closedAt > moment);
  const decisions = file.decisions.map((d) => d.at);
  const notices = file.notices.map((n) => n.at);

  /** Raised at `moment` unless a blocker happened at or before it; cleared by the first clearer after it. */
  const raise = (
    code: FlagCode,
    subject: string,
    moment: number,
    blockers: number[],
    clearers: number[],
    details: FlagInstance['details'],
  ) => {
    if (!openAt(moment) || blockers.some((at) => at <= moment)) return;
    const clearedAt = Math.min(...[...clearers, ...closes].filter((at) => at > moment));
    flags.push({ code, subject, raisedAt: moment, ...(Number.isFinite(clearedAt) ? { clearedAt } : {}), details });
  };

  if (deadline) {
    const deadlineAt = iso(deadline.deadlineAt);
    const atRisk = file.receivedAt + (deadline.days * DAY_MS * 4) / 5; // 80 %, in whole ms (a day divides by 5)
    // At deadlineAt it becomes DEADLINE_EXCEEDED_WITHOUT_NOTICE (a notice would already have cleared it).
    raise('DEADLINE_AT_RISK', '', atRisk, [...decisions, ...notices], [...decisions, ...notices, deadline.deadlineAt], { deadlineAt });
    raise('DEADLINE_EXCEEDED_WITHOUT_NOTICE', '', deadline.deadlineAt, [...decisions, ...notices], decisions, { deadlineAt });
  }

  const notified = notifiedDateExceeded(file);
  if (notified) {
    raise('NOTIFIED_DATE_EXCEEDED', '', notified.moment, decisions, decisions, { expectedDecisionBy: iso(notified.expectedDecisionBy) });
  }

  for (const decision of file.decisions) {
    const dueAt = helpDueAt(decision);
    if (dueAt !== undefined) {
      const starts = file.deliveries.filter((d) => d.decisionId === decision.decisionId).map((d) => d.at);
      // A grant decided after its due date has passed is late from the moment it exists.
      raise('HELP_NOT_STARTED', decision.decisionId, Math.max(dueAt, decision.at), starts, starts, {
        decisionId: decision.decisionId,
        dueAt: iso(dueAt),
      });
    }
    if (isRefusal(decision.outcome)) {
      const explanationDueAt = decision.at + EXPLANATION_DUE_MS;
      const explained = file.explanations.filter((e) => e.decisionId === decision.decisionId).map((e) => e.at);
      raise('REFUSAL_NOT_EXPLAINED', decision.decisionId, explanationDueAt, explained, explained, {
        decisionId: decision.decisionId,
        dueAt: iso(explanationDueAt),
      });
    }
  }

  for (const appeal of file.appeals) {
    const dueAt = appeal.at + REASSESSMENT_DUE_MS;
    const reassessed = file.reassessments.filter((r) => r.complaintId === appeal.complaintId).map((r) => r.at);
    raise('REASSESSMENT_OVERDUE', appeal.complaintId, dueAt, reassessed, reassessed, {
      complaintId: appeal.complaintId,
      dueAt: iso(dueAt),
    });
  }

  flags.push(...caseworkerChurn(file));
  return flags;
}

/**
 * The notice in force at `t` is the latest given at or before it; the flag's moment is the first at which the
 * date it promised has passed while it is in force.
 */
function notifiedDateExceeded(file: CaseFile): { moment: number; expectedDecisionBy: number } | undefined {
  const notices = byTimeThenArrival(file.notices);
  for (const [index, notice] of notices.entries()) {
    const next = notices[index + 1]?.at ?? Infinity;
    const moment = Math.max(notice.at, notice.expectedDecisionBy);
    if (moment < next) return { moment, expectedDecisionBy: notice.expectedDecisionBy };
  }
  return undefined;
}

/**
 * Episodes in which at least 3 distinct caseworkers held the case within the trailing 365 days. An assignment
 * holds the case until the next one; a holder drops out 365 days after that next assignment. The count only
 * changes at assignments and at drop-outs, so those are the moments to look at.
 */
function caseworkerChurn(file: CaseFile): FlagInstance[] {
  const assignments = byTimeThenArrival(file.assignments);
  if (new Set(assignments.map((a) => a.caseworker)).size < CHURN_THRESHOLD) return [];
  const holders = (t: number) =>
    new Set(
      assignments
        .filter((a, index) => a.at <= t && (assignments[index + 1]?.at ?? Infinity) > t - CASEWORKER_WINDOW_MS)
        .map((a) => a.caseworker),
    ).size;
  const moments = [
    ...assignments.map((a) => a.at),
    ...assignments.slice(1).map((a) => a.at + CASEWORKER_WINDOW_MS),
    ...(file.closedAt === undefined ? [] : [file.closedAt]),
  ];
  const flags: FlagInstance[] = [];
  let open: FlagInstance | undefined;
  for (const t of [...new Set(moments)].sort((a, b) => a - b)) {
    const isOpen = file.receivedAt <= t && (file.closedAt === undefined || file.closedAt > t);
    const count = isOpen ? holders(t) : 0;
    if (!open && count >= CHURN_THRESHOLD) {
      open = { code: 'CASEWORKER_CHURN', subject: '', raisedAt: t, details: { caseworkers: count } };
      flags.push(open);
    } else if (open && count < CHURN_THRESHOLD) {
      open.clearedAt = t;
      open = undefined;
    }
  }
  return flags;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
