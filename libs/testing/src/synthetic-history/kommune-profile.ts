import {
  APPEALS,
  AREAS,
  CASEWORKERS,
  CONTACTS,
  DEADLINES,
  EXTENSION_NOTICE,
  FIRST_DECISION,
  HELP_START,
  INHABITANTS_PER_CASEWORKER,
  ORAL_EXPLANATION,
  REQUESTS_PER_YEAR_DENMARK,
} from './calibration';
import { DAY, firstOfNextMonth, localDay, localMidnight } from './copenhagen-time';
import { KOMMUNE_POPULATION_THOUSANDS } from './kommune-population';
import type { Random } from './random';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { min, max, round, exp } = Math;

const DENMARK_THOUSANDS = Object.values(KOMMUNE_POPULATION_THOUSANDS).reduce((sum, inhabitants) => sum + inhabitants, 0);

/** One published deadline of an area: from `effectiveFrom` (epoch seconds) on, `days` (undefined: none published). */
interface DeadlinePeriod {
  effectiveFrom: number;
  days: number | undefined;
}

/** How one kommune works: drawn once per kommune, so kommuner differ the way real ones do. */
export interface KommuneProfile {
  code: string;
  /** Requests a year at scale 1, by population. */
  requestsPerYear: number;
  caseworkers: number;
  /** Added to the log-odds of a late first decision. */
  lateDecisionLogOdds: number;
  /** Chance a late case gets a written notice. */
  noticeChance: number;
  oralExplanationChance: number;
  /** Added to the log-odds of a late start of granted help. */
  lateHelpLogOdds: number;
  caseworkerChangesPerYear: number;
  homeVisitFactor: number;
  timelyReassessmentChance: number;
  /** Per area (AREAS order): its deadline periods, oldest first. */
  deadlines: readonly (readonly DeadlinePeriod[])[];
}

/** A published deadline as the kommune PUTs it. */
export interface PublishedDeadline {
  area: string;
  days: number;
  effectiveFrom: string;
}

/**
 * Draws a kommune's profile. Always the same number of draws, in the same order, so that what follows (its
 * cases) depends only on the seed and the kommune.
 */
export function drawKommuneProfile(code: string, random: Random, fromSeconds: number): KommuneProfile {
  const thousands = populationThousands(code);
  const uniformIn = (range: readonly [number, number]) => random.between(range[0], range[1]);
  const profile = {
    code,
    requestsPerYear: kommuneRequestsPerYear(code),
    caseworkers: max(4, round((thousands * 1000) / INHABITANTS_PER_CASEWORKER)),
    lateDecisionLogOdds: FIRST_DECISION.kommuneLogOddsSd * random.normal(),
    noticeChance: uniformIn(EXTENSION_NOTICE.lateCaseRange),
    oralExplanationChance: uniformIn(ORAL_EXPLANATION.kommuneRange),
    lateHelpLogOdds: HELP_START.kommuneLogOddsSd * random.normal(),
    caseworkerChangesPerYear: CASEWORKERS.changesPerYear * exp(CASEWORKERS.kommuneLogSd * random.normal()),
    homeVisitFactor: exp(CONTACTS.homeVisitLogSd * random.normal()),
    timelyReassessmentChance: uniformIn(APPEALS.timelyReassessmentRange),
  };
  return { ...profile, deadlines: drawDeadlines(random, fromSeconds) };
}

function populationThousands(code: string): number {
  const thousands = KOMMUNE_POPULATION_THOUSANDS[code];
  if (thousands === undefined) throw new RangeError(`no population for kommune ${code}`);
  return thousands;
}

/** A kommune's requests a year at scale 1: its share of the country's, by population. */
export function kommuneRequestsPerYear(code: string): number {
  return (REQUESTS_PER_YEAR_DENMARK * populationThousands(code)) / DENMARK_THOUSANDS;
}

/** The profile of the typical kommune: what estimate() plans its sample cases with. */
export function typicalKommuneProfile(fromSeconds: number): KommuneProfile {
  return {
    code: 'typical',
    requestsPerYear: 0,
    caseworkers: 50,
    lateDecisionLogOdds: 0,
    noticeChance: (EXTENSION_NOTICE.lateCaseRange[0] + EXTENSION_NOTICE.lateCaseRange[1]) / 2,
    oralExplanationChance: (ORAL_EXPLANATION.kommuneRange[0] + ORAL_EXPLANATION.kommuneRange[1]) / 2,
    lateHelpLogOdds: 0,
    caseworkerChangesPerYear: CASEWORKERS.changesPerYear,
    homeVisitFactor: 1,
    timelyReassessmentChance: (APPEALS.timelyReassessmentRange[0] + APPEALS.timelyReassessmentRange[1]) / 2,
    deadlines: AREAS.map((area) => [{ effectiveFrom: initialEffectiveFrom(fromSeconds), days: area.deadlineDays }]),
  };
}

/** The first publication is in force well before the period: 1 January of the year before `from`. */
function initialEffectiveFrom(fromSeconds: number): number {
  const year = new Date(fromSeconds * 1000).getUTCFullYear() - 1;
  return localMidnight(Date.UTC(year, 0, 1) / 1000 / DAY);
}

function drawDeadlines(random: Random, fromSeconds: number): DeadlinePeriod[][] {
  const kommuneFactor = exp(DEADLINES.kommuneLogSd * random.normal());
  const initial = initialEffectiveFrom(fromSeconds);
  const days = (typical: number, factor: number) =>
    min(DEADLINES.maxDays, max(DEADLINES.minDays, round((typical * factor) / DEADLINES.roundToDays) * DEADLINES.roundToDays));
  const periods = AREAS.map((area) => {
    const missing = random.chance(area.department === 'other' ? DEADLINES.missingOther : DEADLINES.missing);
    const published = days(area.deadlineDays, kommuneFactor * exp(DEADLINES.areaLogSd * random.normal()));
    return [{ effectiveFrom: initial, days: missing ? undefined : published }];
  });
  // A few kommuner publish a change during the period: a new deadline for one area from the 1st of a month.
  const changes = random.chance(DEADLINES.change);
  const introduce = random.chance(DEADLINES.introduction);
  const areaIndex = random.int(0, AREAS.length - 1);
  const changeDay = localDay(fromSeconds) + random.int(DEADLINES.changeAfterDays[0], DEADLINES.changeAfterDays[1]);
  const factor = random.between(0.6, 1.4);
  if (changes) {
    const without = periods.findIndex((areaPeriods) => areaPeriods[0]!.days === undefined);
    const index = introduce && without >= 0 ? without : areaIndex;
    const area = AREAS[index]!;
    const before = periods[index]![0]!.days;
    let after = days(before ?? area.deadlineDays, before === undefined ? kommuneFactor : factor);
    if (after === before) after = min(DEADLINES.maxDays, after + DEADLINES.roundToDays);
    periods[index]!.push({ effectiveFrom: localMidnight(firstOfNextMonth(changeDay)), days: after });
  }
  return periods;
}

/** The deadline in force for an area at a case's receivedAt (the latest effectiveFrom at or before it). */
export function deadlineDaysAt(profile: KommuneProfile, areaIndex: number, receivedAt: number): number | undefined {
  let days: number | undefined;
  for (const period of profile.deadlines[areaIndex] ?? []) if (period.effectiveFrom <= receivedAt) days = period.days;
  return days;
}

/** What the kommune PUTs to /api/v1/kommuner/{kommune}/deadlines, oldest first. */
export function publishedDeadlines(profile: KommuneProfile): PublishedDeadline[] {
  return AREAS.flatMap((area, index) =>
    (profile.deadlines[index] ?? []).flatMap((period) =>
      period.days === undefined
        ? []
        : [{ area: area.code, days: period.days, effectiveFrom: new Date(period.effectiveFrom * 1000).toISOString() }],
    ),
  ).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.area.localeCompare(b.area));
}
