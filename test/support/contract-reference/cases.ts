import type { CaseEventRequest, CaseEventType } from '@tillidsbarometer/domain';
import { DAY_MS, toMs } from './time';
import type { ReferenceHistory } from './types';

/*
 * The cases of one kommune as plain records, built from the history the way docs/contract-readings.md
 * ("Cases and deadlines") describes: department, area and receivedAt from the HelpRequested, closedAt from the
 * CaseClosed, the deadline in force at receivedAt, and the events ordered by occurredAt (ties: arrival).
 */

export interface ReferenceEvent {
  /** Position in the history's arrival order. */
  arrival: number;
  type: CaseEventType;
  /** occurredAt in ms. */
  at: number;
  data: Record<string, unknown>;
}

export interface ReferenceCase {
  caseId: string;
  department: string;
  area: string;
  receivedAt: number;
  /** The CaseClosed's occurredAt (whether it counts at a moment is the caller's question). */
  closedAt: number | undefined;
  /** The deadline in days in force for the area at receivedAt, if any. */
  deadlineDays: number | undefined;
  /** receivedAt + days × 86,400,000 ms, if the case has a deadline. */
  deadlineAt: number | undefined;
  /** Every event of the case (the HelpRequested included), by occurredAt, ties by arrival. */
  events: ReferenceEvent[];
}

export function text(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'string') throw new Error(`data.${key} is not a string`);
  return value;
}

export function optionalText(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

export function flag(data: Record<string, unknown>, key: string): boolean {
  return data[key] === true;
}

/** Orders events by occurredAt, ties by arrival. */
export function byOccurrence(a: ReferenceEvent, b: ReferenceEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.arrival - b.arrival;
}

/** The deadline days in force for `area` of `kommune` at `receivedAt`, from the publications in order. */
export function deadlineDaysInForce(history: ReferenceHistory, kommune: string, area: string, receivedAt: number): number | undefined {
  // Area and effectiveFrom (as an instant) -> days; a later publication of the same pair replaces the earlier.
  const daysByEffectiveFrom = new Map<number, number>();
  for (const publication of history.deadlines) {
    if (publication.kommune !== kommune) continue;
    for (const deadline of publication.deadlines) {
      if (deadline.area !== area) continue;
      daysByEffectiveFrom.set(toMs(deadline.effectiveFrom), deadline.days);
    }
  }
  let bestFrom: number | undefined;
  let bestDays: number | undefined;
  for (const [effectiveFrom, days] of daysByEffectiveFrom) {
    if (effectiveFrom <= receivedAt && (bestFrom === undefined || effectiveFrom > bestFrom)) {
      bestFrom = effectiveFrom;
      bestDays = days;
    }
  }
  return bestDays;
}

/** The cases of `kommune` (events of other kommuner are ignored), in order of first arrival. */
export function casesOf(history: ReferenceHistory, kommune: string): ReferenceCase[] {
  const eventsByCase = new Map<string, ReferenceEvent[]>();
  history.events.forEach((request: CaseEventRequest, arrival) => {
    if (request.kommune !== kommune) return;
    const list = eventsByCase.get(request.caseId) ?? [];
    eventsByCase.set(request.caseId, list);
    list.push({ arrival, type: request.type, at: toMs(request.occurredAt), data: request.data as Record<string, unknown> });
  });

  const cases: ReferenceCase[] = [];
  for (const [caseId, events] of eventsByCase) {
    events.sort(byOccurrence);
    const requested = events.find((event) => event.type === 'HelpRequested');
    if (!requested) throw new Error(`case ${caseId} has no HelpRequested`);
    const closed = events.find((event) => event.type === 'CaseClosed');
    const area = text(requested.data, 'area');
    const deadlineDays = deadlineDaysInForce(history, kommune, area, requested.at);
    cases.push({
      caseId,
      department: text(requested.data, 'department'),
      area,
      receivedAt: requested.at,
      closedAt: closed?.at,
      deadlineDays,
      deadlineAt: deadlineDays === undefined ? undefined : requested.at + deadlineDays * DAY_MS,
      events,
    });
  }
  return cases;
}

/** The case's events of one type, by occurredAt (ties: arrival). */
export function eventsOfType(theCase: ReferenceCase, type: CaseEventType): ReferenceEvent[] {
  return theCase.events.filter((event) => event.type === type);
}

/** Whether the case is closed at `t`: a CaseClosed with occurredAt at or before `t`. */
export function isClosedAt(theCase: ReferenceCase, t: number): boolean {
  return theCase.closedAt !== undefined && theCase.closedAt <= t;
}

/** "Open at t": received at or before t and no close at or before t. */
export function isOpenAt(theCase: ReferenceCase, t: number): boolean {
  return theCase.receivedAt <= t && !isClosedAt(theCase, t);
}

/**
 * "A case closed before a due moment is left out" (at T): closedAt <= T and closedAt < due.
 */
export function closedBeforeDue(theCase: ReferenceCase, due: number, t: number): boolean {
  return theCase.closedAt !== undefined && theCase.closedAt <= t && theCase.closedAt < due;
}

/** The distinct caseworkers who held the case at some time in (t - 365 days, t]. */
export function caseworkersHoldingIn365Days(theCase: ReferenceCase, t: number): Set<string> {
  const assignments = eventsOfType(theCase, 'CaseworkerAssigned');
  const holders = new Set<string>();
  for (let i = 0; i < assignments.length; i++) {
    const assignment = assignments[i];
    if (!assignment || assignment.at > t) continue;
    const next = assignments[i + 1];
    if (next === undefined || next.at > t - 365 * DAY_MS) holders.add(text(assignment.data, 'caseworkerId'));
  }
  return holders;
}
