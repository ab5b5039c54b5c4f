import type { CaseEventRequest } from '@tillidsbarometer/domain';
import type { KommuneDeadlines } from '@tillidsbarometer/testing';
import { addCount, emptyWeeklyCounts, type KommuneWeeklyCounts } from '@tillidsbarometer/trust-monitor';
import { copenhagenMidnight, DAY_MS } from './time';

/*
 * The weekly counts behind DELAYED_HELP_DETERIORATION, computed in memory from the events, apart from the product's
 * SQL: the oracle of the warnings test and the input of the detection benchmark.
 */

interface CaseFacts {
  kommune: string;
  department: string;
  deadlineAt: number | undefined;
  closedAt: number | undefined;
  firstDecisionAt: number | undefined;
  grants: Map<string, { decidedAt: number; dueAt: number; firstHelpAt: number | undefined }>;
}

/**
 * CONTRACT.md's definitions read for weeks, independently of the product's SQL: a case counts in the week (Monday 00:00
 * to Monday 00:00 Copenhagen, the end included) that holds its deadlineAt, unless it closed before deadlineAt, and is
 * late without a first decision at or before deadlineAt; a grant counts in the week of plannedStart + 14 days (decided
 * by the week's end, not closed before the due date) and is late without HelpDelivered at or before it. A kommune's
 * weeks start with the week holding its first request.
 */
export function weeklyCountsFromEvents(
  deadlines: readonly KommuneDeadlines[],
  events: Iterable<CaseEventRequest>,
  weekEnds: readonly number[],
): Map<string, KommuneWeeklyCounts> {
  const published = new Map(deadlines.map((d) => [d.kommune, d.deadlines]));
  const cases = new Map<string, CaseFacts>();
  const firstRequest = new Map<string, number>();
  for (const event of events) {
    const key = `${event.kommune}/${event.caseId}`;
    const at = Date.parse(event.occurredAt);
    const data = event.data as Record<string, unknown>;
    if (event.type === 'HelpRequested') {
      const area = String(data['area']);
      let days: number | undefined;
      let effective = -Infinity;
      for (const entry of published.get(event.kommune) ?? []) {
        const since = Date.parse(entry.effectiveFrom);
        if (entry.area === area && since <= at && since >= effective) {
          effective = since;
          days = entry.days;
        }
      }
      cases.set(key, {
        kommune: event.kommune,
        department: String(data['department']),
        deadlineAt: days === undefined ? undefined : at + days * DAY_MS,
        closedAt: undefined,
        firstDecisionAt: undefined,
        grants: new Map(),
      });
      firstRequest.set(event.kommune, Math.min(firstRequest.get(event.kommune) ?? Infinity, at));
      continue;
    }
    const facts = cases.get(key)!;
    if (event.type === 'DecisionMade') {
      facts.firstDecisionAt = Math.min(facts.firstDecisionAt ?? Infinity, at);
      if (data['outcome'] === 'granted' || data['outcome'] === 'partially_granted') {
        const dueAt = copenhagenMidnight(String(data['plannedStart'])) + 14 * DAY_MS;
        facts.grants.set(String(data['decisionId']), { decidedAt: at, dueAt, firstHelpAt: undefined });
      }
    } else if (event.type === 'HelpDelivered') {
      const grant = facts.grants.get(String(data['decisionId']));
      if (grant) grant.firstHelpAt = Math.min(grant.firstHelpAt ?? Infinity, at);
    } else if (event.type === 'CaseClosed') {
      facts.closedAt = at;
    }
  }

  const result = new Map<string, KommuneWeeklyCounts>();
  const startOf = new Map<string, number>(); // the index in weekEnds of the kommune's first week
  for (const [kommune, first] of firstRequest) {
    const start = weekEnds.findIndex((end) => end >= first);
    startOf.set(kommune, start);
    result.set(kommune, emptyWeeklyCounts(kommune, weekEnds.slice(start)));
  }
  // The week holding an instant: the first week end at or after it (weeks are (previous end, end]); -1 past the last.
  const weekOf = (at: number) => {
    let low = 0;
    let high = weekEnds.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (weekEnds[middle]! >= at) high = middle;
      else low = middle + 1;
    }
    return low < weekEnds.length ? low : -1;
  };
  for (const facts of cases.values()) {
    const counts = result.get(facts.kommune)!;
    const start = startOf.get(facts.kommune)!;
    if (facts.deadlineAt !== undefined && !(facts.closedAt !== undefined && facts.closedAt < facts.deadlineAt)) {
      const week = weekOf(facts.deadlineAt);
      if (week >= 0) {
        const late = facts.firstDecisionAt === undefined || facts.firstDecisionAt > facts.deadlineAt;
        addCount(counts, 'late_first_decisions', facts.department, week - start, 1, late ? 1 : 0);
      }
    }
    for (const grant of facts.grants.values()) {
      if (facts.closedAt !== undefined && facts.closedAt < grant.dueAt) continue;
      const week = weekOf(grant.dueAt);
      if (week < start || grant.decidedAt > weekEnds[week]!) continue;
      const late = grant.firstHelpAt === undefined || grant.firstHelpAt > grant.dueAt;
      addCount(counts, 'late_help_starts', facts.department, week - start, 1, late ? 1 : 0);
    }
  }
  return result;
}

/**
 * The Mondays 00:00 Europe/Copenhagen in (from, to], in ms: the EU rule (summer time from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC), written out here rather than taken from the product.
 */
export function copenhagenMondays(from: number, to: number): number[] {
  const offsetAt = (ms: number) => {
    const year = new Date(ms).getUTCFullYear();
    const lastSunday = (month: number) => {
      const last = Date.UTC(year, month + 1, 0);
      return last - new Date(last).getUTCDay() * DAY_MS + 3_600_000;
    };
    return ms >= lastSunday(2) && ms < lastSunday(9) ? 7_200_000 : 3_600_000;
  };
  const mondays: number[] = [];
  // Local calendar days: the first day after `from`, then every day that is a Monday.
  for (let day = Math.floor((from + offsetAt(from)) / DAY_MS); ; day++) {
    if (new Date(day * DAY_MS).getUTCDay() !== 1) continue;
    const midnight = day * DAY_MS - offsetAt(day * DAY_MS - 7_200_000);
    if (midnight <= from) continue;
    if (midnight > to) break;
    mondays.push(midnight);
  }
  return mondays;
}
