import {
  APPEAL_OUTCOMES,
  ASSIGNMENT_REASONS,
  CASE_EVENT_TYPES,
  CLOSE_REASONS,
  CONTACT_KINDS,
  DECISION_OUTCOMES,
  ORAL_EXPLANATION_KINDS,
  REASSESSMENT_RESULTS,
  type CaseEventType,
} from '@tillidsbarometer/domain';
import {
  APPEALS,
  AREAS,
  CASEWORKERS,
  CLOSING,
  CONTACTS,
  DECISION_LETTER,
  DEPARTMENT_SHARES,
  EARLY_CLOSE,
  EXTENSION_NOTICE,
  FIRST_DECISION,
  HELP_START,
  ORAL_EXPLANATION,
  OUTCOME_SHARES,
  type AreaCalibration,
} from './calibration';
import { DAY, HOUR, firstOfNextMonth, localDay, localMidnight, workingDayOnOrAfter, workingDayOnOrBefore } from './copenhagen-time';
import { deadlineDaysAt, type KommuneProfile } from './kommune-profile';
import { logistic, logit, type Random } from './random';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { min, max, floor, round, log } = Math;

/** Event types as small numbers (their index in CASE_EVENT_TYPES): a planned case is kept as numbers only. */
export const TYPE = Object.fromEntries(CASE_EVENT_TYPES.map((type, index) => [type, index])) as Record<CaseEventType, number>;

/** `dependsOn` of the CaseClosed item: it depends on every other item (nothing may arrive after it). */
export const DEPENDS_ON_ALL = -2;

/**
 * One event of a planned case. The numbers `a`, `b`, `c` mean, per type:
 * HelpRequested: area index, channel index, citizen number; DeadlineExtensionNotified: expectedDecisionBy (epoch
 * seconds); ContactRecorded: kind, initiator; CaseworkerAssigned: caseworker number, reason; DecisionMade:
 * decision number, outcome | writtenReasons << 2 | complaintGuidance << 3 | committee << 4, plannedStart (local
 * day, -1 for a refusal); RefusalExplainedOrally: decision number, kind; HelpDelivered: decision number;
 * ComplaintReceived: complaint number, kind (0 appeal, 1 service complaint), decision number (-1 none);
 * ComplaintReassessed: complaint number, result; AppealDecided: complaint number, outcome; CaseClosed: reason.
 */
export interface PlannedEvent {
  type: number;
  /** occurredAt, epoch seconds. */
  at: number;
  a: number;
  b: number;
  c: number;
  /** The index of the planned event this one needs to have arrived first (-1: none; DEPENDS_ON_ALL). */
  dependsOn: number;
}

export interface CaseRequest {
  receivedAt: number;
  areaIndex: number;
  channel: number;
  citizen: number;
}

/** Multiplies the odds of a late first decision (the `deteriorations` option) for a case of this area due then. */
export type LateOddsFactor = (areaIndex: number, deadlineAt: number) => number;

const OUTCOME = { granted: 0, partially_granted: 1, refused: 2 } as const;
const REASON = Object.fromEntries(ASSIGNMENT_REASONS.map((reason, index) => [reason, index])) as Record<
  (typeof ASSIGNMENT_REASONS)[number],
  number
>;
const CLOSE = Object.fromEntries(CLOSE_REASONS.map((reason, index) => [reason, index])) as Record<(typeof CLOSE_REASONS)[number], number>;
const KEPT = REASSESSMENT_RESULTS.indexOf('kept');
const CHANGED = REASSESSMENT_RESULTS.indexOf('changed');
const APPEAL = { stadfaestet: 0, aendret: 1, ophaevet: 2, hjemvist: 3, afvist: 4 } as const;
const REVERSALS = [APPEAL.aendret, APPEAL.ophaevet, APPEAL.hjemvist];
const HOME_VISIT = CONTACT_KINDS.indexOf('home_visit');
const MEETING = CONTACT_KINDS.indexOf('meeting');
const PHONE = CONTACT_KINDS.indexOf('phone');
const DIGITAL_MESSAGE = CONTACT_KINDS.indexOf('digital_message');
const CASEWORKER_REASON_WEIGHTS = ASSIGNMENT_REASONS.map((reason) => (reason === 'initial' ? 0 : CASEWORKERS.reasons[reason]));
const ORAL_KIND_WEIGHTS = ORAL_EXPLANATION_KINDS.map((kind) => ORAL_EXPLANATION.kinds[kind]);
// Centred on the areas' effects (weighted by their share of requests), so that the typical kommune has lateShare.
const BASE_LATE_LOG_ODDS =
  logit(FIRST_DECISION.lateShare) -
  AREAS.reduce((sum, area) => sum + DEPARTMENT_SHARES[area.department] * area.share * area.lateLogOdds, 0);
// Late among the grants that start at all, so that late + never is HELP_START's total.
const BASE_LATE_HELP_LOG_ODDS = logit(HELP_START.lateShare / (1 - HELP_START.neverShare));

if (APPEAL_OUTCOMES.join() !== Object.keys(APPEAL).join() || DECISION_OUTCOMES.join() !== Object.keys(OUTCOME).join()) {
  throw new Error('the generator codes no longer match the domain event enumerations');
}

/**
 * Plans a whole case at once, from its request to its close: what happens and when (occurredAt). The plan is a
 * function of the request, the kommune and the random stream only, never of the period asked for: the caller
 * cuts it at `to`. How it arrives (order, delays) is decided by the caller too.
 */
export function planCase(request: CaseRequest, profile: KommuneProfile, random: Random, lateOddsFactor: LateOddsFactor): PlannedEvent[] {
  return new CasePlanner(request, profile, random, lateOddsFactor).plan();
}

interface FinalDecision {
  at: number;
  outcome: number;
  /** For a grant: plannedStart + 14 days, and when help started (undefined: never). */
  helpDue?: number;
  helpStartedAt?: number;
}

class CasePlanner {
  private readonly events: PlannedEvent[] = [];
  private readonly area: AreaCalibration;
  private readonly receivedAt: number;
  private readonly receivedDay: number;
  private decisions = 0;
  private complaints = 0;
  private final: FinalDecision | undefined;

  constructor(
    private readonly request: CaseRequest,
    private readonly profile: KommuneProfile,
    private readonly random: Random,
    private readonly lateOddsFactor: LateOddsFactor,
  ) {
    this.area = AREAS[request.areaIndex]!;
    this.receivedAt = request.receivedAt;
    this.receivedDay = localDay(request.receivedAt);
  }

  plan(): PlannedEvent[] {
    const { random, profile, area, receivedAt } = this;
    const opened = this.add(TYPE.HelpRequested, receivedAt, this.request.areaIndex, this.request.channel, this.request.citizen, -1);
    const publishedDays = deadlineDaysAt(profile, this.request.areaIndex, receivedAt);
    const days = publishedDays ?? area.deadlineDays;
    const deadlineAt = receivedAt + days * DAY;
    const late = random.chance(
      logistic(
        BASE_LATE_LOG_ODDS + profile.lateDecisionLogOdds + area.lateLogOdds + log(this.lateOddsFactor(this.request.areaIndex, deadlineAt)),
      ),
    );
    const decidedAt = this.firstDecisionAt(days, deadlineAt, late);
    // A caseworker takes the case within days, and before it is decided.
    const firstCaseworker = random.int(1, profile.caseworkers);
    const assignedAt = min(
      this.workingMoment(workingDayOnOrAfter(this.receivedDay + random.int(0, CASEWORKERS.initialWithinDays))),
      receivedAt + random.between(0.05, 0.5) * (decidedAt - receivedAt),
    );
    this.add(TYPE.CaseworkerAssigned, assignedAt, firstCaseworker, REASON.initial, 0, opened);
    const earlyClose = random.pick([EARLY_CLOSE.withdrawn, EARLY_CLOSE.moved, EARLY_CLOSE.deceased, 1 - sumOf(EARLY_CLOSE)]);
    const earlyCloseAt = this.inOfficeHours(receivedAt + random.between(0.1, 0.95) * (decidedAt - receivedAt), receivedAt, decidedAt);

    const outcome = random.pick(OUTCOME_SHARES[area.department]);
    this.decide(decidedAt, outcome, opened, 0);
    if (publishedDays !== undefined) this.notices(late, deadlineAt, decidedAt, opened);

    // How the case ends decides how long caseworkers and contacts go on.
    let close: { at: number; reason: number; cut: boolean } | undefined;
    if (earlyClose < 3) {
      close = { at: earlyCloseAt, reason: [CLOSE.withdrawn, CLOSE.moved, CLOSE.deceased][earlyClose]!, cut: true };
    } else {
      close = this.naturalClose();
    }
    const horizon = receivedAt + CLOSING.horizonDays * DAY;
    if (close && close.at > horizon) close = undefined;
    const end = close?.at ?? horizon;

    this.contacts(decidedAt, min(end, decidedAt), late ? deadlineAt : undefined, end, opened);
    this.caseworkerChanges(assignedAt, firstCaseworker, end, opened);
    if (random.chance(APPEALS.serviceComplaint)) {
      const until = min(end, receivedAt + 365 * DAY);
      const complainedAt = this.inOfficeHours(random.between(receivedAt, until), receivedAt, until);
      this.add(TYPE.ComplaintReceived, complainedAt, this.complaints++, 1, -1, opened);
    }
    if (!close) return this.events;
    const last = this.events.reduce((latest, event) => max(latest, event.at), receivedAt);
    if (close.cut) {
      // The case ends (withdrawn, moved, deceased) before things planned after that moment could happen.
      const kept = this.events.filter((event, index) => index === opened || event.at < close.at);
      const keptIndex = new Map(this.events.map((event, index) => [event, index]));
      const renumber = new Map<number, number>();
      const result: PlannedEvent[] = [];
      for (const event of kept) {
        const dependsOn = event.dependsOn < 0 ? event.dependsOn : renumber.get(event.dependsOn);
        if (dependsOn === undefined) continue;
        renumber.set(keptIndex.get(event)!, result.length);
        result.push({ ...event, dependsOn });
      }
      result.push({
        type: TYPE.CaseClosed,
        at: round(max(close.at, receivedAt + 60)),
        a: close.reason,
        b: 0,
        c: 0,
        dependsOn: DEPENDS_ON_ALL,
      });
      return result;
    }
    // Closed once nothing more is pending: after the last thing that happened, however late that came.
    const closedAt = close.at > last ? close.at : this.workingDayAfter(last, random.int(1, 14));
    this.add(TYPE.CaseClosed, closedAt, close.reason, 0, 0, DEPENDS_ON_ALL);
    return this.events;
  }

  private add(type: number, at: number, a: number, b: number, c: number, dependsOn: number): number {
    let time = round(at);
    // Nothing of a case happens before its request (a working moment may fall earlier on the same day).
    if (type !== TYPE.HelpRequested && time <= this.receivedAt) time = this.receivedAt + round(this.random.between(300, 4 * HOUR));
    this.events.push({ type, at: time, a, b, c, dependsOn });
    return this.events.length - 1;
  }

  /** A moment in office hours (08-16 Copenhagen) on a local day. */
  private workingMoment(day: number): number {
    return localMidnight(day) + 8 * HOUR + this.random.between(0, 8 * HOUR);
  }

  /** A moment in office hours on the first working day at least `days` after the day of `at`. */
  private workingDayAfter(at: number, days: number): number {
    return this.workingMoment(workingDayOnOrAfter(localDay(at) + days));
  }

  /** Moves a moment into office hours on a working day near it, when that stays inside (after, before). */
  private inOfficeHours(at: number, after: number, before: number): number {
    const day = localDay(at);
    for (const candidate of [workingDayOnOrBefore(day), workingDayOnOrAfter(day)]) {
      const moment = this.workingMoment(candidate);
      if (moment > after && moment < before) return moment;
    }
    return at;
  }

  /** The first decision: on a working day before the deadline's day, or (late) on one after it. */
  private firstDecisionAt(days: number, deadlineAt: number, late: boolean): number {
    const { random } = this;
    if (late) {
      const [, fewest, most] = FIRST_DECISION.lateByDays[random.pick(FIRST_DECISION.lateByDays.map(([share]) => share))]!;
      const at = this.workingMoment(workingDayOnOrAfter(this.receivedDay + days + random.int(fewest, most)));
      return max(at, deadlineAt + HOUR);
    }
    const fraction = max(FIRST_DECISION.onTimeMinFraction, random.next() ** FIRST_DECISION.onTimeShape);
    const offset = min(days - 1, max(1, floor(fraction * days)));
    const day = max(this.receivedDay + 1, workingDayOnOrBefore(this.receivedDay + offset));
    return min(this.workingMoment(day), deadlineAt - HOUR);
  }

  /** A decision and what follows from it: oral explanation, start of help, appeal, reassessment, Ankestyrelsen. */
  private decide(at: number, outcome: number, dependsOn: number, depth: number): void {
    const { random, area, profile } = this;
    const decision = this.decisions++;
    const refusal = outcome !== OUTCOME.granted;
    const grant = outcome !== OUTCOME.refused;
    const reasons = random.chance(refusal ? DECISION_LETTER.refusalReasons : DECISION_LETTER.grantReasons);
    const guidance = random.chance(refusal ? DECISION_LETTER.refusalGuidance : DECISION_LETTER.grantGuidance);
    const committee = random.chance(FIRST_DECISION.committee);
    const decidedDay = localDay(at);
    const plannedDay = !grant
      ? -1
      : area.help === 'cash'
        ? firstOfNextMonth(decidedDay)
        : workingDayOnOrAfter(decidedDay + random.int(area.startLeadDays[0], area.startLeadDays[1]));
    const flags = outcome | (reasons ? 4 : 0) | (guidance ? 8 : 0) | (committee ? 16 : 0);
    const made = this.add(TYPE.DecisionMade, at, decision, flags, plannedDay, dependsOn);
    const decidedAt = this.events[made]!.at;
    this.final = { at: decidedAt, outcome };

    if (refusal && random.chance(profile.oralExplanationChance)) {
      const timing = random.pick(ORAL_EXPLANATION.timingShares);
      let explainedAt: number;
      if (timing === 0) {
        // A phone call shortly before the letter goes out (the contract counts it from decidedAt - 1 day).
        explainedAt = decidedAt - random.between(HOUR / 2, 3 * HOUR);
      } else if (timing === 1) {
        // Within the 14 days the contract allows.
        explainedAt = this.workingMoment(workingDayOnOrBefore(decidedDay + random.int(0, 13)));
        if (explainedAt <= decidedAt) explainedAt = decidedAt + random.between(HOUR / 2, 3 * HOUR);
      } else {
        explainedAt = this.workingDayAfter(decidedAt, random.int(15, 45));
      }
      this.add(TYPE.RefusalExplainedOrally, explainedAt, decision, random.pick(ORAL_KIND_WEIGHTS), 0, made);
    }
    if (grant) this.startHelp(decision, decidedAt, plannedDay, made);
    if (depth === 0 && random.chance(APPEALS.rate[outcome as 0 | 1 | 2])) this.appeal(decision, decidedAt, made, depth);
  }

  private startHelp(decision: number, decidedAt: number, plannedDay: number, made: number): void {
    const { random } = this;
    const helpDue = localMidnight(plannedDay) + 14 * DAY;
    const never = random.chance(HELP_START.neverShare);
    const late = random.chance(logistic(BASE_LATE_HELP_LOG_ODDS + this.profile.lateHelpLogOdds));
    const earlyDays = random.int(1, 3);
    const early = random.chance(HELP_START.earlyShare);
    const onTimeDays = random.chance(0.6) ? random.int(0, 2) : random.int(3, 13);
    const lateDays = min(365, floor(random.exponential(HELP_START.lateMeanDays)));
    const final = { at: decidedAt, outcome: this.final!.outcome, helpDue };
    this.final = final;
    if (never) return;
    let startedAt: number;
    if (late) {
      startedAt = this.workingMoment(workingDayOnOrAfter(plannedDay + 15 + lateDays));
    } else {
      const day = workingDayOnOrBefore(early ? plannedDay - earlyDays : plannedDay + onTimeDays);
      startedAt = min(this.workingMoment(day), helpDue - HOUR);
    }
    // Help starts after the decision that grants it.
    if (startedAt <= decidedAt) startedAt = decidedAt + random.between(HOUR, 6 * HOUR);
    const started = this.add(TYPE.HelpDelivered, startedAt, decision, 0, 0, made);
    this.final = { ...final, helpStartedAt: this.events[started]!.at };
  }

  private appeal(decision: number, decidedAt: number, made: number, depth: number): void {
    const { random, profile, area } = this;
    const complaint = this.complaints++;
    const lateAppeal = random.chance(APPEALS.lateAppeal);
    // The klagefrist is 4 weeks from the decision; a few appeals come after it.
    const appealedAt = this.workingDayAfter(decidedAt, lateAppeal ? random.int(29, 45) : random.int(2, 27));
    const received = this.add(TYPE.ComplaintReceived, appealedAt, complaint, 0, decision, made);
    const receivedAt = this.events[received]!.at;
    // Rsl. § 66: reassessment within 4 weeks, usually kept; a changed decision is a new decision at once.
    const timely = random.chance(profile.timelyReassessmentChance);
    const reassessedAt = timely
      ? max(this.workingMoment(workingDayOnOrBefore(localDay(receivedAt) + random.int(2, 27))), receivedAt + HOUR)
      : this.workingDayAfter(receivedAt, random.int(29, 80));
    const result = random.pick(APPEALS.reassessment);
    const reassessed = this.add(TYPE.ComplaintReassessed, reassessedAt, complaint, result, 0, received);
    const appealDays = random.int(APPEALS.ankestyrelsenDays[0], APPEALS.ankestyrelsenDays[1]);
    const dismissed = random.chance(lateAppeal ? APPEALS.dismissedLate : APPEALS.dismissed);
    const reversed = random.chance(area.department === 'children_family' ? APPEALS.reversalChildren : APPEALS.reversal);
    const reversal = REVERSALS[random.pick(APPEALS.reversalKinds)]!;
    const redecisionDays = random.int(20, 120);
    const newOutcome = random.pick(OUTCOME_SHARES[area.department]);
    if (result !== KEPT) {
      const changed = result === CHANGED ? OUTCOME.granted : OUTCOME.partially_granted;
      this.decide(this.events[reassessed]!.at + random.between(HOUR / 2, 2 * HOUR), changed, reassessed, depth + 1);
      return;
    }
    const outcome = dismissed ? APPEAL.afvist : reversed ? reversal : APPEAL.stadfaestet;
    const decided = this.add(
      TYPE.AppealDecided,
      this.workingDayAfter(this.events[reassessed]!.at, appealDays),
      complaint,
      outcome,
      0,
      received,
    );
    const appealDecidedAt = this.events[decided]!.at;
    // After a reversal the kommune decides again: at once when Ankestyrelsen changed it, later when it annulled or returned it.
    if (outcome === APPEAL.aendret)
      this.decide(this.workingDayAfter(appealDecidedAt, random.int(5, 30)), OUTCOME.granted, decided, depth + 1);
    else if (outcome === APPEAL.ophaevet || outcome === APPEAL.hjemvist)
      this.decide(this.workingDayAfter(appealDecidedAt, redecisionDays), newOutcome, decided, depth + 1);
  }

  /** Written notices of an expected decision date (Rsl. § 3 stk. 2), for a case with a published deadline. */
  private notices(late: boolean, deadlineAt: number, decidedAt: number, opened: number): void {
    const { random, profile } = this;
    const noticeWanted = random.chance(late ? profile.noticeChance : EXTENSION_NOTICE.onTimeCase);
    const beforeDeadline = !late || random.chance(EXTENSION_NOTICE.beforeDeadline) || decidedAt - deadlineAt < 2 * DAY;
    const daysBefore = random.int(1, 10);
    const afterDeadline = random.between(DAY, max(DAY, min(20 * DAY, decidedAt - deadlineAt - DAY)));
    const kept = !late || random.chance(EXTENSION_NOTICE.keptDate);
    const keptDays = random.int(0, 10);
    const missedDays = random.int(5, 30);
    const second = random.chance(EXTENSION_NOTICE.secondNotice);
    const secondDays = random.int(0, 7);
    if (!noticeWanted) return;
    let noticeAt = beforeDeadline
      ? min(this.workingMoment(workingDayOnOrBefore(localDay(deadlineAt) - daysBefore)), deadlineAt - HOUR)
      : this.inOfficeHours(deadlineAt + afterDeadline, deadlineAt, decidedAt);
    if (noticeAt >= decidedAt) noticeAt = decidedAt - random.between(HOUR, DAY);
    // A kommune that decides in time writes only when it expected not to: days before the decision.
    if (noticeAt <= this.receivedAt || (!late && noticeAt > decidedAt - 3 * DAY)) return;
    const decidedDay = localDay(decidedAt);
    // The notified date: end of office hours on a day the kommune expects to have decided by.
    const notifiedBy = (day: number) => localMidnight(day) + 16 * HOUR;
    const expectedDay = kept ? decidedDay + keptDays : max(localDay(noticeAt) + 7, decidedDay - missedDays);
    this.add(TYPE.DeadlineExtensionNotified, noticeAt, notifiedBy(expectedDay), 0, 0, opened);
    if (expectedDay < decidedDay && second) {
      const secondAt = max(noticeAt + DAY, notifiedBy(expectedDay) - random.between(0, 3 * DAY));
      if (secondAt < decidedAt) this.add(TYPE.DeadlineExtensionNotified, secondAt, notifiedBy(decidedDay + secondDays), 0, 0, opened);
    }
  }

  /** How a case that got its decision(s) ends, or undefined when it stays open beyond the planning horizon. */
  private naturalClose(): { at: number; reason: number; cut: boolean } {
    const { random, area } = this;
    const final = this.final!;
    const afterRefusal = random.int(CLOSING.afterRefusalDays[0], CLOSING.afterRefusalDays[1]);
    const afterOneOff = random.int(CLOSING.afterOneOffDays[0], CLOSING.afterOneOffDays[1]);
    const helpLasts = floor(random.exponential(area.helpYears * 365));
    const ongoingReason = [CLOSE.help_ended, CLOSE.moved, CLOSE.deceased, CLOSE.other][random.pick(CLOSING.ongoingReasons)]!;
    const gaveUp = random.int(10, 60);
    const gaveUpReason = [CLOSE.withdrawn, CLOSE.moved, CLOSE.deceased][random.pick([0.6, 0.2, 0.2])]!;
    if (final.outcome === OUTCOME.refused) return { at: this.workingDayAfter(final.at, afterRefusal), reason: CLOSE.other, cut: false };
    if (final.helpStartedAt === undefined) return { at: this.workingDayAfter(final.helpDue!, gaveUp), reason: gaveUpReason, cut: true };
    if (area.help === 'one_off')
      return { at: this.workingDayAfter(final.helpStartedAt, afterOneOff), reason: CLOSE.help_ended, cut: false };
    return { at: this.workingDayAfter(final.helpStartedAt, helpLasts), reason: ongoingReason, cut: false };
  }

  /** Contacts: before the first decision, the citizen chasing a late one, and follow-up while help runs. */
  private contacts(decidedAt: number, beforeUntil: number, chasingFrom: number | undefined, end: number, opened: number): void {
    const { random, receivedAt, area } = this;
    const kinds = CONTACTS.kinds[area.department];
    const contact = (at: number, citizen: boolean) => {
      let kind = random.pick(kinds);
      if (kind === HOME_VISIT && !random.chance(min(1, this.profile.homeVisitFactor))) kind = MEETING;
      this.add(TYPE.ContactRecorded, at, kind, citizen ? 1 : 0, 0, opened);
    };
    const daysToDecision = (decidedAt - receivedAt) / DAY;
    const before = min(15, random.poisson(CONTACTS.beforeDecisionBase + daysToDecision / CONTACTS.beforeDecisionPerDays));
    for (let i = 0; i < before; i++) {
      const at = this.inOfficeHours(random.between(receivedAt, beforeUntil), receivedAt, beforeUntil);
      contact(at, random.chance(CONTACTS.citizenInitiated));
    }
    if (chasingFrom !== undefined) {
      const chasing = random.poisson(CONTACTS.chasingLateCase);
      for (let i = 0; i < chasing; i++) {
        const at = this.inOfficeHours(random.between(chasingFrom, decidedAt), chasingFrom, decidedAt);
        if (at < end) this.add(TYPE.ContactRecorded, at, random.chance(0.7) ? PHONE : DIGITAL_MESSAGE, 1, 0, opened);
      }
    }
    const ongoing = this.area.help !== 'one_off' && this.final?.outcome !== OUTCOME.refused;
    const followUps = ongoing ? random.poisson((CONTACTS.followUpPerYear * max(0, end - decidedAt)) / (365 * DAY)) : random.poisson(1);
    const followUpEnd = ongoing ? end : min(end, decidedAt + 120 * DAY);
    for (let i = 0; i < followUps; i++) {
      const at = this.inOfficeHours(random.between(decidedAt, followUpEnd), decidedAt, followUpEnd);
      if (at < end) contact(at, random.chance(CONTACTS.citizenInitiated));
    }
  }

  /** Changes of caseworker while the case is open: a Poisson process, with returns after sickness. */
  private caseworkerChanges(assignedAt: number, first: number, end: number, opened: number): void {
    const { random, profile } = this;
    const meanGap = (365 * DAY) / profile.caseworkerChangesPerYear;
    let holder = first;
    let at = assignedAt;
    for (;;) {
      at += random.exponential(meanGap);
      const same = random.chance(CASEWORKERS.sameCaseworker);
      // The same caseworker again is a system's reassignment (a reorganisation), not a person leaving.
      const reason = same ? REASON.reorganisation : random.pick(CASEWORKER_REASON_WEIGHTS);
      let next = random.int(1, profile.caseworkers - 1);
      if (next >= holder) next++;
      const comesBack = random.chance(CASEWORKERS.returnAfterSickness);
      const backAfter = random.between(14, 56) * DAY;
      const changedAt = this.workingMoment(workingDayOnOrAfter(localDay(at)));
      if (changedAt >= end) return;
      const previous = holder;
      holder = same ? holder : next;
      this.add(TYPE.CaseworkerAssigned, changedAt, holder, reason, 0, opened);
      at = changedAt;
      if (reason === REASON.sickness && !same && comesBack && changedAt + backAfter < end) {
        at = this.workingMoment(workingDayOnOrAfter(localDay(changedAt + backAfter)));
        if (at >= end) return;
        holder = previous;
        this.add(TYPE.CaseworkerAssigned, at, holder, REASON.other, 0, opened);
      }
    }
  }
}

function sumOf(shares: Readonly<Record<string, number>>): number {
  return Object.values(shares).reduce((sum, share) => sum + share, 0);
}
