import { DeadlineHistory, copenhagenMidnight, type CaseEventRequest } from '@tillidsbarometer/domain';
import type { KommuneDeadlines } from './generate-history';

const DAY_MS = 86_400_000;
// Bound once: under Jest every lookup of a global goes through the vm context and costs a hundred times more.
const { min, max } = Math;
const parseInstant = Date.parse;

/** A share with its parts. */
export interface Share {
  numerator: number;
  denominator: number;
  value: number;
}

const share = (numerator: number, denominator: number): Share => ({ numerator, denominator, value: numerator / denominator });

interface Decision {
  at: number;
  outcome: string;
  plannedStart: string | undefined;
  writtenReasons: boolean;
}

interface Facts {
  kommune: string;
  department: string;
  receivedAt: number;
  deadlineAt: number | undefined;
  closedAt: number | undefined;
  firstDecisionAt: number | undefined;
  decisions: Map<string, Decision>;
  helpStartedAt: Map<string, number>;
  explainedAt: Map<string, number[]>;
  appeals: Map<string, { at: number; reassessedAt?: number }>;
  noticesAt: number[];
  assignments: Array<{ at: number; caseworker: string }>;
  latestOccurred: number;
}

/**
 * What a generated history looks like through the contract's definitions (CONTRACT.md section 3, read as in
 * docs/contract-readings.md), computed over the whole period as of `to`: the calibration figures the tests
 * check and the measurement script reports. Keeps a few facts per case, never the events.
 */
export class HistoryFacts {
  private readonly cases = new Map<string, Facts>();
  private readonly deadlines = new Map<string, DeadlineHistory>();
  private readonly appealOutcomes: Array<{ facts: Facts; outcome: string }> = [];
  events = 0;
  outOfOrder = 0;
  sameCaseworkerReassignments = 0;

  constructor(deadlines: readonly KommuneDeadlines[]) {
    for (const { kommune, deadlines: published } of deadlines) {
      const history = new DeadlineHistory();
      history.apply({ type: 'DeadlinesPublished', data: { kommune, deadlines: published } }, published[0]?.effectiveFrom ?? '');
      this.deadlines.set(kommune, history);
    }
  }

  add(event: CaseEventRequest): void {
    this.events++;
    const key = `${event.kommune}/${event.caseId}`;
    const at = parseInstant(event.occurredAt);
    const data = event.data as Record<string, unknown>;
    if (event.type === 'HelpRequested') {
      const days = this.deadlines.get(event.kommune)?.inForce(String(data['area']), event.occurredAt)?.days;
      this.cases.set(key, {
        kommune: event.kommune,
        department: String(data['department']),
        receivedAt: at,
        deadlineAt: days === undefined ? undefined : at + days * DAY_MS,
        closedAt: undefined,
        firstDecisionAt: undefined,
        decisions: new Map(),
        helpStartedAt: new Map(),
        explainedAt: new Map(),
        appeals: new Map(),
        noticesAt: [],
        assignments: [],
        latestOccurred: at,
      });
      return;
    }
    const facts = this.cases.get(key);
    if (!facts) throw new Error(`${event.type} of ${key} before its HelpRequested`);
    // Out of order: something of the case that happened later has already arrived.
    if (at < facts.latestOccurred) this.outOfOrder++;
    facts.latestOccurred = max(facts.latestOccurred, at);
    const decisionId = String(data['decisionId']);
    const complaintId = String(data['complaintId']);
    switch (event.type) {
      case 'DecisionMade':
        facts.decisions.set(decisionId, {
          at,
          outcome: String(data['outcome']),
          plannedStart: data['plannedStart'] as string | undefined,
          writtenReasons: data['writtenReasons'] === true,
        });
        facts.firstDecisionAt = min(facts.firstDecisionAt ?? Infinity, at);
        break;
      case 'HelpDelivered':
        facts.helpStartedAt.set(decisionId, min(facts.helpStartedAt.get(decisionId) ?? Infinity, at));
        break;
      case 'RefusalExplainedOrally':
        facts.explainedAt.set(decisionId, [...(facts.explainedAt.get(decisionId) ?? []), at]);
        break;
      case 'ComplaintReceived':
        if (data['kind'] === 'appeal') facts.appeals.set(complaintId, { at });
        break;
      case 'ComplaintReassessed': {
        const appeal = facts.appeals.get(complaintId);
        if (appeal) appeal.reassessedAt = at;
        break;
      }
      case 'AppealDecided':
        this.appealOutcomes.push({ facts, outcome: String(data['outcome']) });
        break;
      case 'DeadlineExtensionNotified':
        facts.noticesAt.push(at);
        break;
      case 'CaseworkerAssigned': {
        const caseworker = String(data['caseworkerId']);
        if (facts.assignments.at(-1)?.caseworker === caseworker) this.sameCaseworkerReassignments++;
        facts.assignments.push({ at, caseworker });
        break;
      }
      case 'CaseClosed':
        facts.closedAt = at;
        break;
    }
  }

  get caseCount(): number {
    return this.cases.size;
  }

  /** The calibration figures as of `to` (an ISO instant: the history's end). */
  summary(to: string, filter: (facts: { kommune: string; deadlineAt: number | undefined; department: string }) => boolean = () => true) {
    const end = parseInstant(to);
    const closedBefore = (facts: Facts, due: number) => facts.closedAt !== undefined && facts.closedAt < due;
    let late = 0;
    let due = 0;
    let lateWithNotice = 0;
    let withoutDeadline = 0;
    let closedBeforeDeadline = 0;
    let grants = 0;
    let lateHelp = 0;
    let refusals = 0;
    let explained = 0;
    let explainedLate = 0;
    let writtenReasons = 0;
    let appeals = 0;
    let timelyReassessments = 0;
    let churned = 0;
    let casesOpenAYear = 0;
    let closed = 0;
    for (const facts of this.cases.values()) {
      if (!filter(facts)) continue;
      if (facts.closedAt !== undefined) closed++;
      if (facts.deadlineAt === undefined) withoutDeadline++;
      else if (closedBefore(facts, facts.deadlineAt)) closedBeforeDeadline++;
      else if (facts.deadlineAt <= end) {
        due++;
        if (facts.firstDecisionAt === undefined || facts.firstDecisionAt > facts.deadlineAt) {
          late++;
          if (facts.noticesAt.some((at) => at <= facts.deadlineAt!)) lateWithNotice++;
        }
      }
      for (const [id, decision] of facts.decisions) {
        if (decision.outcome !== 'refused') {
          const helpDue = copenhagenMidnight(decision.plannedStart!) + 14 * DAY_MS;
          if (helpDue <= end && !closedBefore(facts, helpDue)) {
            grants++;
            if (!((facts.helpStartedAt.get(id) ?? Infinity) <= helpDue)) lateHelp++;
          }
        }
        if (decision.outcome !== 'granted') {
          refusals++;
          if (decision.writtenReasons) writtenReasons++;
          const times = facts.explainedAt.get(id) ?? [];
          if (decision.at + 14 * DAY_MS <= end && !closedBefore(facts, decision.at + 14 * DAY_MS)) {
            if (times.some((at) => at >= decision.at - DAY_MS && at <= decision.at + 14 * DAY_MS)) explained++;
            else if (times.length > 0) explainedLate++;
          }
        }
      }
      for (const appeal of facts.appeals.values()) {
        const reassessmentDue = appeal.at + 28 * DAY_MS;
        if (reassessmentDue > end || closedBefore(facts, reassessmentDue)) continue;
        appeals++;
        if (appeal.reassessedAt !== undefined && appeal.reassessedAt <= reassessmentDue) timelyReassessments++;
      }
      // Cases open a whole year: did 3 or more caseworkers hold them in their first year?
      if (facts.receivedAt + 365 * DAY_MS <= end && !closedBefore(facts, facts.receivedAt + 365 * DAY_MS)) {
        casesOpenAYear++;
        const firstYear = facts.assignments.filter((assignment) => assignment.at <= facts.receivedAt + 365 * DAY_MS);
        if (new Set(firstYear.map((assignment) => assignment.caseworker)).size >= 3) churned++;
      }
    }
    const appealsDecided = this.appealOutcomes.filter((appeal) => filter(appeal.facts));
    const decided = appealsDecided.filter((appeal) => appeal.outcome !== 'afvist');
    const reversed = (list: typeof decided) => list.filter((appeal) => appeal.outcome !== 'stadfaestet').length;
    const children = decided.filter((appeal) => appeal.facts.department === 'children_family');
    const others = decided.filter((appeal) => appeal.facts.department !== 'children_family');
    return {
      lateFirstDecisions: share(late, due),
      noticeBeforeDeadlineOfLate: share(lateWithNotice, late),
      casesWithoutDeadline: withoutDeadline,
      closedBeforeDeadline,
      closedCases: closed,
      lateHelpStart: share(lateHelp, grants),
      oralExplanationInTime: share(explained, refusals),
      oralExplanationLateOnly: explainedLate,
      writtenReasons: share(writtenReasons, refusals),
      timelyReassessment: share(timelyReassessments, appeals),
      appealsDismissed: appealsDecided.length - decided.length,
      appealReversal: share(reversed(decided), decided.length),
      appealReversalChildren: share(reversed(children), children.length),
      appealReversalOthers: share(reversed(others), others.length),
      threeCaseworkersInFirstYear: share(churned, casesOpenAYear),
    };
  }
}
