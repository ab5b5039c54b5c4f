import { GRANT_OUTCOMES, PERSONAL_CONTACT_KINDS, REFUSAL_OUTCOMES } from '@tillidsbarometer/domain';
import {
  casesOf,
  caseworkersHoldingIn365Days,
  closedBeforeDue,
  eventsOfType,
  flag,
  isOpenAt,
  optionalText,
  text,
  type ReferenceCase,
} from './cases';
import { distribution, proportion, rate } from './statistics';
import { DAY_MS, copenhagenMidnight, toIso, toMs } from './time';
import type { CountProportion, Distribution, IndicatorsAnswer, IndicatorsQuery, Proportion, Rate, ReferenceHistory } from './types';

/*
 * CONTRACT.md section 3 as read by docs/contract-readings.md, one plain loop per indicator. Every function gets
 * the cases of the kommune (department filter applied) and the moment T with its window (T - W days, T].
 */

interface At {
  /** T in ms. */
  t: number;
  /** T - W days in ms (excluded from the window). */
  windowStart: number;
}

function inWindow(moment: number, at: At): boolean {
  return moment > at.windowStart && moment <= at.t;
}

const APPEAL_REVERSALS = ['aendret', 'ophaevet', 'hjemvist'];
const HIGH_TURNOVER_CASEWORKERS = 3;
const CASE_MONTH_DAYS = 30.4375;

function includes(list: readonly string[], value: string): boolean {
  return list.includes(value);
}

function isRefusal(outcome: string): boolean {
  return includes(REFUSAL_OUTCOMES, outcome);
}

function isGrant(outcome: string): boolean {
  return includes(GRANT_OUTCOMES, outcome);
}

/** The case's first decision: its earliest DecisionMade by occurredAt (ties: arrival), if any. */
function firstDecision(theCase: ReferenceCase) {
  return eventsOfType(theCase, 'DecisionMade')[0];
}

function casesWithoutDeadline(cases: ReferenceCase[], at: At): number {
  let count = 0;
  for (const theCase of cases) {
    if (theCase.receivedAt > at.t) continue;
    if (theCase.closedAt !== undefined && theCase.closedAt <= at.windowStart) continue;
    if (theCase.deadlineDays === undefined) count++;
  }
  return count;
}

function timelyDecisions(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    if (theCase.deadlineAt === undefined) continue;
    const first = firstDecision(theCase);
    if (!first || !inWindow(first.at, at)) continue;
    if (closedBeforeDue(theCase, theCase.deadlineAt, at.t)) continue;
    denominator++;
    if (first.at <= theCase.deadlineAt) numerator++;
  }
  return proportion(numerator, denominator);
}

function overdueOpenRequests(cases: ReferenceCase[], at: At): CountProportion {
  let pending = 0;
  let overdue = 0;
  let withNotice = 0;
  for (const theCase of cases) {
    const deadlineAt = theCase.deadlineAt;
    if (deadlineAt === undefined) continue;
    if (!isOpenAt(theCase, at.t)) continue;
    const decidedByT = eventsOfType(theCase, 'DecisionMade').some((decision) => decision.at <= at.t);
    if (decidedByT) continue;
    pending++;
    if (deadlineAt < at.t) {
      overdue++;
      const noticed = eventsOfType(theCase, 'DeadlineExtensionNotified').some((notice) => notice.at <= deadlineAt);
      if (noticed) withNotice++;
    }
  }
  return { ...proportion(overdue, pending), count: overdue, withNotice, withoutNotice: overdue - withNotice };
}

function extensionNoticeCompliance(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    const deadlineAt = theCase.deadlineAt;
    if (deadlineAt === undefined || !inWindow(deadlineAt, at)) continue;
    if (closedBeforeDue(theCase, deadlineAt, at.t)) continue;
    const decidedByDeadline = eventsOfType(theCase, 'DecisionMade').some((decision) => decision.at <= deadlineAt);
    if (decidedByDeadline) continue;
    denominator++;
    if (eventsOfType(theCase, 'DeadlineExtensionNotified').some((notice) => notice.at <= deadlineAt)) numerator++;
  }
  return proportion(numerator, denominator);
}

function lateHelpStart(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    for (const decision of eventsOfType(theCase, 'DecisionMade')) {
      if (decision.at > at.t || !isGrant(text(decision.data, 'outcome'))) continue;
      const plannedStart = optionalText(decision.data, 'plannedStart');
      if (plannedStart === undefined) continue;
      const due = copenhagenMidnight(plannedStart) + 14 * DAY_MS;
      if (!inWindow(due, at)) continue;
      if (closedBeforeDue(theCase, due, at.t)) continue;
      denominator++;
      const decisionId = text(decision.data, 'decisionId');
      const started = eventsOfType(theCase, 'HelpDelivered').some(
        (delivered) => text(delivered.data, 'decisionId') === decisionId && delivered.at <= due,
      );
      if (!started) numerator++;
    }
  }
  return proportion(numerator, denominator);
}

function oralExplanationOfRefusals(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    for (const decision of eventsOfType(theCase, 'DecisionMade')) {
      if (decision.at > at.t || !isRefusal(text(decision.data, 'outcome'))) continue;
      const due = decision.at + 14 * DAY_MS;
      if (!inWindow(due, at)) continue;
      if (closedBeforeDue(theCase, due, at.t)) continue;
      denominator++;
      const decisionId = text(decision.data, 'decisionId');
      const explained = eventsOfType(theCase, 'RefusalExplainedOrally').some(
        (explanation) =>
          text(explanation.data, 'decisionId') === decisionId && explanation.at >= decision.at - DAY_MS && explanation.at <= due,
      );
      if (explained) numerator++;
    }
  }
  return proportion(numerator, denominator);
}

/** written_reasons or complaint_guidance: every refusal decided in the window. */
function refusalsWith(cases: ReferenceCase[], at: At, field: 'writtenReasons' | 'complaintGuidance'): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    for (const decision of eventsOfType(theCase, 'DecisionMade')) {
      if (!inWindow(decision.at, at) || !isRefusal(text(decision.data, 'outcome'))) continue;
      denominator++;
      if (flag(decision.data, field)) numerator++;
    }
  }
  return proportion(numerator, denominator);
}

/** The sum over cases received at or before T of the days of (receivedAt, closedAt or T] inside the window. */
function caseDays(cases: ReferenceCase[], at: At): number {
  let totalMs = 0;
  for (const theCase of cases) {
    if (theCase.receivedAt > at.t) continue;
    const end = theCase.closedAt !== undefined && theCase.closedAt <= at.t ? theCase.closedAt : at.t;
    const start = Math.max(theCase.receivedAt, at.windowStart);
    if (end > start) totalMs += end - start;
  }
  return totalMs / DAY_MS;
}

function caseworkerChangesPerCaseYear(cases: ReferenceCase[], at: At): Rate {
  let changes = 0;
  for (const theCase of cases) {
    const assignments = eventsOfType(theCase, 'CaseworkerAssigned');
    for (let i = 1; i < assignments.length; i++) {
      const previous = assignments[i - 1];
      const current = assignments[i];
      if (!previous || !current) continue;
      if (text(current.data, 'caseworkerId') === text(previous.data, 'caseworkerId')) continue;
      if (inWindow(current.at, at)) changes++;
    }
  }
  return rate(changes, caseDays(cases, at) / 365);
}

function highCaseworkerTurnover(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    if (!isOpenAt(theCase, at.t)) continue;
    denominator++;
    if (caseworkersHoldingIn365Days(theCase, at.t).size >= HIGH_TURNOVER_CASEWORKERS) numerator++;
  }
  return proportion(numerator, denominator);
}

function personalContactsInWindow(cases: ReferenceCase[], at: At): { personal: number; homeVisits: number } {
  let personal = 0;
  let homeVisits = 0;
  for (const theCase of cases) {
    for (const contact of eventsOfType(theCase, 'ContactRecorded')) {
      const kind = text(contact.data, 'kind');
      if (!inWindow(contact.at, at) || !includes(PERSONAL_CONTACT_KINDS, kind)) continue;
      personal++;
      if (kind === 'home_visit') homeVisits++;
    }
  }
  return { personal, homeVisits };
}

function complaintsPer100Decisions(cases: ReferenceCase[], at: At): Rate {
  let appeals = 0;
  let decisions = 0;
  for (const theCase of cases) {
    for (const complaint of eventsOfType(theCase, 'ComplaintReceived')) {
      if (inWindow(complaint.at, at) && text(complaint.data, 'kind') === 'appeal') appeals++;
    }
    for (const decision of eventsOfType(theCase, 'DecisionMade')) {
      if (inWindow(decision.at, at)) decisions++;
    }
  }
  return rate(appeals, decisions, 100);
}

function timelyReassessment(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    for (const complaint of eventsOfType(theCase, 'ComplaintReceived')) {
      if (complaint.at > at.t || text(complaint.data, 'kind') !== 'appeal') continue;
      const due = complaint.at + 28 * DAY_MS;
      if (!inWindow(due, at)) continue;
      if (closedBeforeDue(theCase, due, at.t)) continue;
      denominator++;
      const complaintId = text(complaint.data, 'complaintId');
      const reassessed = eventsOfType(theCase, 'ComplaintReassessed').some(
        (reassessment) => text(reassessment.data, 'complaintId') === complaintId && reassessment.at <= due,
      );
      if (reassessed) numerator++;
    }
  }
  return proportion(numerator, denominator);
}

function appealReversalRate(cases: ReferenceCase[], at: At): Proportion {
  let numerator = 0;
  let denominator = 0;
  for (const theCase of cases) {
    for (const decided of eventsOfType(theCase, 'AppealDecided')) {
      const outcome = text(decided.data, 'outcome');
      if (!inWindow(decided.at, at) || outcome === 'afvist') continue;
      denominator++;
      if (APPEAL_REVERSALS.includes(outcome)) numerator++;
    }
  }
  return proportion(numerator, denominator);
}

function timeToDecisionDays(cases: ReferenceCase[], at: At): Distribution {
  const days: number[] = [];
  for (const theCase of cases) {
    const first = firstDecision(theCase);
    if (first && inWindow(first.at, at)) days.push((first.at - theCase.receivedAt) / DAY_MS);
  }
  return distribution(days);
}

function timeToHelpDays(cases: ReferenceCase[], at: At): Distribution {
  const days: number[] = [];
  for (const theCase of cases) {
    for (const delivered of eventsOfType(theCase, 'HelpDelivered')) {
      if (inWindow(delivered.at, at)) days.push((delivered.at - theCase.receivedAt) / DAY_MS);
    }
  }
  return distribution(days);
}

/** Every indicator of CONTRACT.md section 3 for one kommune, window and (optionally) department, as of T. */
export function referenceIndicators(history: ReferenceHistory, query: IndicatorsQuery): IndicatorsAnswer {
  const t = toMs(query.asOf);
  const at: At = { t, windowStart: t - query.window * DAY_MS };
  const cases = casesOf(history, query.kommune).filter(
    (theCase) => query.department === undefined || theCase.department === query.department,
  );
  const days = caseDays(cases, at);
  const contacts = personalContactsInWindow(cases, at);
  return {
    kommune: query.kommune,
    asOf: toIso(t),
    window: query.window,
    department: query.department ?? null,
    casesWithoutDeadline: casesWithoutDeadline(cases, at),
    indicators: {
      timely_decisions: timelyDecisions(cases, at),
      overdue_open_requests: overdueOpenRequests(cases, at),
      extension_notice_compliance: extensionNoticeCompliance(cases, at),
      late_help_start: lateHelpStart(cases, at),
      oral_explanation_of_refusals: oralExplanationOfRefusals(cases, at),
      written_reasons: refusalsWith(cases, at, 'writtenReasons'),
      complaint_guidance: refusalsWith(cases, at, 'complaintGuidance'),
      caseworker_changes_per_case_year: caseworkerChangesPerCaseYear(cases, at),
      high_caseworker_turnover: highCaseworkerTurnover(cases, at),
      personal_contacts_per_case_month: rate(contacts.personal, days / CASE_MONTH_DAYS),
      home_visit_share: proportion(contacts.homeVisits, contacts.personal),
      complaints_per_100_decisions: complaintsPer100Decisions(cases, at),
      timely_reassessment: timelyReassessment(cases, at),
      appeal_reversal_rate: appealReversalRate(cases, at),
      time_to_decision_days: timeToDecisionDays(cases, at),
      time_to_help_days: timeToHelpDays(cases, at),
    },
  };
}
