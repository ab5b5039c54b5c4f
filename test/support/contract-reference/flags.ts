import { GRANT_OUTCOMES, REFUSAL_OUTCOMES } from '@tillidsbarometer/domain';
import {
  casesOf,
  caseworkersHoldingIn365Days,
  eventsOfType,
  isOpenAt,
  optionalText,
  text,
  type ReferenceCase,
  type ReferenceEvent,
} from './cases';
import { DAY_MS, copenhagenMidnight, toIso, toMs } from './time';
import type { Flag, FlagCode, FlagDetails, FlagsAnswer, FlagsQuery, ReferenceHistory } from './types';

/*
 * CONTRACT.md section 4 as read by docs/contract-readings.md ("Flags"): every flag instance a case ever has,
 * computed from its events by occurredAt, each with the moment it is raised and (if ever) cleared. A list at
 * `now` shows the instances raised before `now`; those cleared at or before `now` are cleared, the rest open.
 */

interface Instance {
  code: FlagCode;
  theCase: ReferenceCase;
  raisedAt: number;
  clearedAt: number | undefined;
  details: FlagDetails;
}

/** The earliest of the moments given, ignoring undefined ones; undefined when there is none. */
function earliest(...moments: Array<number | undefined>): number | undefined {
  let result: number | undefined;
  for (const moment of moments) {
    if (moment !== undefined && (result === undefined || moment < result)) result = moment;
  }
  return result;
}

/** The occurredAt of the first of `events` strictly after `m`. */
function firstAfter(events: ReferenceEvent[], m: number): number | undefined {
  return earliest(...events.filter((event) => event.at > m).map((event) => event.at));
}

function anyAtOrBefore(events: ReferenceEvent[], m: number): boolean {
  return events.some((event) => event.at <= m);
}

/** The case's close, when it is after `m` (a close at or before `m` means the flag was never raised). */
function closeAfter(theCase: ReferenceCase, m: number): number | undefined {
  return theCase.closedAt !== undefined && theCase.closedAt > m ? theCase.closedAt : undefined;
}

function withDecisionId(events: ReferenceEvent[], decisionId: string): ReferenceEvent[] {
  return events.filter((event) => text(event.data, 'decisionId') === decisionId);
}

function withComplaintId(events: ReferenceEvent[], complaintId: string): ReferenceEvent[] {
  return events.filter((event) => text(event.data, 'complaintId') === complaintId);
}

function deadlineAtRisk(theCase: ReferenceCase): Instance[] {
  if (theCase.deadlineDays === undefined || theCase.deadlineAt === undefined) return [];
  // 80 % of the deadline: days × 86,400,000 × 4 / 5 ms, an exact whole number of ms.
  const m = theCase.receivedAt + (theCase.deadlineDays * DAY_MS * 4) / 5;
  const decisions = eventsOfType(theCase, 'DecisionMade');
  const notices = eventsOfType(theCase, 'DeadlineExtensionNotified');
  if (!isOpenAt(theCase, m) || anyAtOrBefore(decisions, m) || anyAtOrBefore(notices, m)) return [];
  const clearedAt = earliest(firstAfter(decisions, m), firstAfter(notices, m), closeAfter(theCase, m), theCase.deadlineAt);
  return [{ code: 'DEADLINE_AT_RISK', theCase, raisedAt: m, clearedAt, details: { deadlineAt: toIso(theCase.deadlineAt) } }];
}

function deadlineExceededWithoutNotice(theCase: ReferenceCase): Instance[] {
  const m = theCase.deadlineAt;
  if (m === undefined) return [];
  const decisions = eventsOfType(theCase, 'DecisionMade');
  const notices = eventsOfType(theCase, 'DeadlineExtensionNotified');
  if (!isOpenAt(theCase, m) || anyAtOrBefore(decisions, m) || anyAtOrBefore(notices, m)) return [];
  const clearedAt = earliest(firstAfter(decisions, m), closeAfter(theCase, m));
  return [{ code: 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', theCase, raisedAt: m, clearedAt, details: { deadlineAt: toIso(m) } }];
}

function notifiedDateExceeded(theCase: ReferenceCase): Instance[] {
  const notices = eventsOfType(theCase, 'DeadlineExtensionNotified');
  let m: number | undefined;
  let expectedDecisionBy: number | undefined;
  for (let i = 0; i < notices.length; i++) {
    const notice = notices[i];
    if (!notice) continue;
    const givenAt = notice.at;
    const dueBy = toMs(text(notice.data, 'expectedDecisionBy'));
    const nextGivenAt = notices[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    if (Math.max(givenAt, dueBy) < nextGivenAt) {
      m = Math.max(givenAt, dueBy);
      expectedDecisionBy = dueBy;
      break;
    }
  }
  if (m === undefined || expectedDecisionBy === undefined) return [];
  const decisions = eventsOfType(theCase, 'DecisionMade');
  if (!isOpenAt(theCase, m) || anyAtOrBefore(decisions, m)) return [];
  const clearedAt = earliest(firstAfter(decisions, m), closeAfter(theCase, m));
  return [{ code: 'NOTIFIED_DATE_EXCEEDED', theCase, raisedAt: m, clearedAt, details: { expectedDecisionBy: toIso(expectedDecisionBy) } }];
}

function helpNotStarted(theCase: ReferenceCase): Instance[] {
  const instances: Instance[] = [];
  const delivered = eventsOfType(theCase, 'HelpDelivered');
  for (const decision of eventsOfType(theCase, 'DecisionMade')) {
    if (!(GRANT_OUTCOMES as readonly string[]).includes(text(decision.data, 'outcome'))) continue;
    const plannedStart = optionalText(decision.data, 'plannedStart');
    if (plannedStart === undefined) continue;
    const decisionId = text(decision.data, 'decisionId');
    const due = copenhagenMidnight(plannedStart) + 14 * DAY_MS;
    const m = Math.max(due, decision.at);
    const itsDeliveries = withDecisionId(delivered, decisionId);
    if (!isOpenAt(theCase, m) || anyAtOrBefore(itsDeliveries, m)) continue;
    const clearedAt = earliest(firstAfter(itsDeliveries, m), closeAfter(theCase, m));
    instances.push({ code: 'HELP_NOT_STARTED', theCase, raisedAt: m, clearedAt, details: { decisionId, dueAt: toIso(due) } });
  }
  return instances;
}

function refusalNotExplained(theCase: ReferenceCase): Instance[] {
  const instances: Instance[] = [];
  const explanations = eventsOfType(theCase, 'RefusalExplainedOrally');
  for (const decision of eventsOfType(theCase, 'DecisionMade')) {
    if (!(REFUSAL_OUTCOMES as readonly string[]).includes(text(decision.data, 'outcome'))) continue;
    const decisionId = text(decision.data, 'decisionId');
    const m = decision.at + 14 * DAY_MS;
    const itsExplanations = withDecisionId(explanations, decisionId);
    if (!isOpenAt(theCase, m) || anyAtOrBefore(itsExplanations, m)) continue;
    const clearedAt = earliest(firstAfter(itsExplanations, m), closeAfter(theCase, m));
    instances.push({ code: 'REFUSAL_NOT_EXPLAINED', theCase, raisedAt: m, clearedAt, details: { decisionId, dueAt: toIso(m) } });
  }
  return instances;
}

function reassessmentOverdue(theCase: ReferenceCase): Instance[] {
  const instances: Instance[] = [];
  const reassessments = eventsOfType(theCase, 'ComplaintReassessed');
  for (const complaint of eventsOfType(theCase, 'ComplaintReceived')) {
    if (text(complaint.data, 'kind') !== 'appeal') continue;
    const complaintId = text(complaint.data, 'complaintId');
    const m = complaint.at + 28 * DAY_MS;
    const itsReassessments = withComplaintId(reassessments, complaintId);
    if (!isOpenAt(theCase, m) || anyAtOrBefore(itsReassessments, m)) continue;
    const clearedAt = earliest(firstAfter(itsReassessments, m), closeAfter(theCase, m));
    instances.push({ code: 'REASSESSMENT_OVERDUE', theCase, raisedAt: m, clearedAt, details: { complaintId, dueAt: toIso(m) } });
  }
  return instances;
}

/**
 * Episodes of 3 or more distinct caseworkers holding the case in the trailing 365 days. The count can only rise
 * at an assignment and only fall when a holding that ended at a_{i+1} leaves the trailing window, at
 * a_{i+1} + 365 days; so it is evaluated at exactly those moments, in order.
 */
function caseworkerChurn(theCase: ReferenceCase): Instance[] {
  const assignments = eventsOfType(theCase, 'CaseworkerAssigned');
  const assignmentMoments = new Set(assignments.map((assignment) => assignment.at));
  const moments = new Set<number>(assignmentMoments);
  for (let i = 0; i + 1 < assignments.length; i++) {
    const next = assignments[i + 1];
    if (next) moments.add(next.at + 365 * DAY_MS);
  }
  const ordered = [...moments].sort((a, b) => a - b);

  const instances: Instance[] = [];
  let raised: { at: number; caseworkers: number } | undefined;
  for (const t of ordered) {
    if (theCase.closedAt !== undefined && t >= theCase.closedAt) break;
    const count = caseworkersHoldingIn365Days(theCase, t).size;
    if (raised === undefined && count >= 3 && assignmentMoments.has(t) && isOpenAt(theCase, t)) {
      raised = { at: t, caseworkers: count };
    } else if (raised !== undefined && count < 3) {
      instances.push({
        code: 'CASEWORKER_CHURN',
        theCase,
        raisedAt: raised.at,
        clearedAt: t,
        details: { caseworkers: raised.caseworkers },
      });
      raised = undefined;
    }
  }
  if (raised !== undefined) {
    instances.push({
      code: 'CASEWORKER_CHURN',
      theCase,
      raisedAt: raised.at,
      clearedAt: theCase.closedAt,
      details: { caseworkers: raised.caseworkers },
    });
  }
  return instances;
}

function tieBreak(details: FlagDetails): string {
  return details.decisionId ?? details.complaintId ?? '';
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** The case-level flags of a kommune at `now` (default status: open), ordered by raisedAt, caseId, code, decision/complaint. */
export function referenceFlags(history: ReferenceHistory, query: FlagsQuery): FlagsAnswer {
  const now = toMs(query.now);
  const status = query.status ?? 'open';
  const instances: Instance[] = [];
  for (const theCase of casesOf(history, query.kommune)) {
    instances.push(
      ...deadlineAtRisk(theCase),
      ...deadlineExceededWithoutNotice(theCase),
      ...notifiedDateExceeded(theCase),
      ...helpNotStarted(theCase),
      ...refusalNotExplained(theCase),
      ...reassessmentOverdue(theCase),
      ...caseworkerChurn(theCase),
    );
  }

  const visible = instances.filter((instance) => instance.raisedAt < now);
  visible.sort(
    (a, b) =>
      a.raisedAt - b.raisedAt ||
      compareText(a.theCase.caseId, b.theCase.caseId) ||
      compareText(a.code, b.code) ||
      compareText(tieBreak(a.details), tieBreak(b.details)),
  );

  const flags: Flag[] = [];
  for (const instance of visible) {
    const cleared = instance.clearedAt !== undefined && instance.clearedAt <= now;
    if (status === 'open' && cleared) continue;
    if (status === 'cleared' && !cleared) continue;
    if (query.code !== undefined && instance.code !== query.code) continue;
    const flag: Flag = {
      code: instance.code,
      caseId: instance.theCase.caseId,
      department: instance.theCase.department,
      area: instance.theCase.area,
      raisedAt: toIso(instance.raisedAt),
      details: instance.details,
    };
    if (cleared && instance.clearedAt !== undefined) flag.clearedAt = toIso(instance.clearedAt);
    flags.push(flag);
  }
  return { flags };
}
