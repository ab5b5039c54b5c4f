import {
  APPEAL_OUTCOMES,
  ASSIGNMENT_REASONS,
  CASE_EVENT_TYPES,
  CHANNELS,
  CLOSE_REASONS,
  COMPLAINT_KINDS,
  CONTACT_KINDS,
  DECIDERS,
  DECISION_OUTCOMES,
  INITIATORS,
  KOMMUNE_CODES,
  ORAL_EXPLANATION_KINDS,
  REASSESSMENT_RESULTS,
  isDepartment,
  type CaseEventRequest,
} from '@tillidsbarometer/domain';
import { MAX_ARRIVAL_INTENSITY, SECONDS_PER_YEAR, arrivalIntensity, integratedIntensityYears } from './arrival-intensity';
import { AREAS, CHANNEL_SHARES, DELIVERY, DEPARTMENT_SHARES, RETURNING_CITIZEN } from './calibration';
import { calendarDate, isoInstant, localHourAndMonth, weekday } from './copenhagen-time';
import { deterministicEventId } from './event-id';
import {
  drawKommuneProfile,
  kommuneRequestsPerYear,
  publishedDeadlines,
  type KommuneProfile,
  type PublishedDeadline,
} from './kommune-profile';
import { PendingQueue } from './pending-queue';
import { TYPE, planCase, type LateOddsFactor } from './plan-case';
import { Random, hashInts } from './random';
import { A, ARRIVAL, C, KIND_B_PLAN_INDEX, OCCURRED, STRIDE, bOf, kindOf, planIndexOf, scheduleArrivals } from './schedule-arrivals';
import { expectedEventsPerCase } from './typical-case';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { floor, round, ceil } = Math;

export interface Deterioration {
  kommune: string;
  /** From this instant on (by the case's deadline), first decisions in the kommune are late more often. */
  fromWeek: string;
  /** The factor on the odds of a late first decision, e.g. 2. */
  lateDecisionOddsRatio: number;
  /** Only this department's cases (default: all). */
  department?: string;
}

export interface HistoryOptions {
  seed: number;
  /** Kommune codes (default: all 98). */
  kommuner?: readonly string[];
  /** ISO instants: cases are received in [from, to); no event happens after `to`. */
  from: string;
  to: string;
  /** Multiplies the arrival rates (1: realistic, REQUESTS_PER_YEAR_DENMARK requests a year). */
  scale?: number;
  deteriorations?: readonly Deterioration[];
  /** About this share of events arrive after an event of the same case that happened later (default 0.02). */
  lateArrivalShare?: number;
}

export interface KommuneDeadlines {
  kommune: string;
  /** The body of PUT /api/v1/kommuner/{kommune}/deadlines, to send before the events. */
  deadlines: PublishedDeadline[];
}

export interface TimedEvent {
  /** When the source system sends it (ISO-8601 UTC); the events come in this order. */
  arrivesAt: string;
  event: CaseEventRequest;
}

export interface SyntheticHistory {
  deadlines: KommuneDeadlines[];
  /** The events as the ingest API takes them, in order of arrival; each call replays the same history. */
  events(): Generator<CaseEventRequest>;
  /** The same, each with the moment it arrives (for replaying on a simulated clock). */
  timedEvents(): Generator<TimedEvent>;
  /** Expected counts, computed without generating (for progress bars); within a few percent. */
  estimate(): { cases: number; events: number };
}

/** A kommune while generating: its random stream, its profile and its next request. */
interface KommuneRun {
  at: number;
  order: number;
  code: string;
  number: number;
  random: Random;
  profile: KommuneProfile;
  lateOddsFactor: LateOddsFactor;
  /** Candidate arrivals per second (thinning bound). */
  candidateRate: number;
  nextRequest: number;
  cases: number;
  citizens: number;
  caseYear: number;
  casesInYear: number;
}

/** A case with events still to arrive. */
interface CaseRun {
  at: number;
  order: number;
  kommune: KommuneRun;
  serial: number;
  year: number;
  numberInYear: number;
  /** Its events still to arrive, packed (schedule-arrivals.ts), the next one last. */
  events: number[];
}

const AREA_WEIGHTS = AREAS.map((area) => DEPARTMENT_SHARES[area.department] * area.share);
const CHANNEL_WEIGHTS = CHANNELS.map((channel) => CHANNEL_SHARES[channel]);
const DIGITAL = CHANNELS.indexOf('digital');
const KOMMUNE_ORDER = new Map(KOMMUNE_CODES.map((code, index) => [code, index]));

/**
 * A deterministic synthetic history of cases for tests, demo data and benchmarks: the same options give the
 * same events, byte for byte. It streams: cases are planned when their request arrives and kept (as a few
 * numbers per pending event) only until their last event has been sent, so millions of events need little
 * memory. Each kommune has its own random stream: a kommune's history is the same whichever others come with it.
 */
export function generateHistory(options: HistoryOptions): SyntheticHistory {
  const settings = checkOptions(options);
  const deadlines = settings.kommuner.map((code) => ({
    kommune: code,
    deadlines: publishedDeadlines(startKommune(settings, code).profile),
  }));
  return {
    deadlines,
    events: () => run(settings, (event) => event),
    timedEvents: () => run(settings, (event, arrival) => ({ arrivesAt: isoInstant(arrival), event })),
    estimate: () => estimate(settings),
  };
}

interface Settings {
  seed: number;
  kommuner: string[];
  /** Epoch seconds: the first possible request (whole second at or after `from`). */
  base: number;
  /** Requests before this (epoch seconds, may be fractional); events at or before `limit`. */
  to: number;
  limit: number;
  scale: number;
  deteriorations: Array<{ kommune: string; from: number; ratio: number; department: string | undefined }>;
  lateArrivalShare: number;
}

function checkOptions(options: HistoryOptions): Settings {
  const instant = (value: string, name: string) => {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new RangeError(`${name} must be an ISO-8601 instant, got ${value}`);
    return time;
  };
  const from = instant(options.from, 'from');
  const to = instant(options.to, 'to');
  if (!(to > from)) throw new RangeError('to must be after from');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be a whole number');
  const kommuner = [...new Set(options.kommuner ?? KOMMUNE_CODES)];
  for (const code of kommuner) if (!KOMMUNE_ORDER.has(code)) throw new RangeError(`unknown kommune ${code}`);
  kommuner.sort((a, b) => KOMMUNE_ORDER.get(a)! - KOMMUNE_ORDER.get(b)!);
  const scale = options.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError('scale must be a positive number');
  const lateArrivalShare = options.lateArrivalShare ?? DELIVERY.defaultLateArrivalShare;
  if (!(lateArrivalShare >= 0 && lateArrivalShare <= 0.5)) throw new RangeError('lateArrivalShare must be in [0, 0.5]');
  const deteriorations = (options.deteriorations ?? []).map((deterioration) => {
    if (!KOMMUNE_ORDER.has(deterioration.kommune)) throw new RangeError(`unknown kommune ${deterioration.kommune}`);
    if (!(deterioration.lateDecisionOddsRatio > 0)) throw new RangeError('lateDecisionOddsRatio must be positive');
    if (deterioration.department !== undefined && !isDepartment(deterioration.department)) {
      throw new RangeError(`unknown department ${deterioration.department}`);
    }
    return {
      kommune: deterioration.kommune,
      from: instant(deterioration.fromWeek, 'fromWeek') / 1000,
      ratio: deterioration.lateDecisionOddsRatio,
      department: deterioration.department,
    };
  });
  return {
    seed: options.seed,
    kommuner,
    base: ceil(from / 1000),
    to: to / 1000,
    limit: floor(to / 1000),
    scale,
    deteriorations,
    lateArrivalShare,
  };
}

function startKommune(settings: Settings, code: string): KommuneRun {
  const number = Number(code);
  const random = new Random(hashInts(settings.seed, floor(settings.seed / 0x1_0000_0000), number));
  const profile = drawKommuneProfile(code, random, settings.base);
  const own = settings.deteriorations.filter((deterioration) => deterioration.kommune === code);
  const lateOddsFactor: LateOddsFactor = (areaIndex, deadlineAt) => {
    let factor = 1;
    for (const deterioration of own) {
      const department = deterioration.department;
      if (deadlineAt >= deterioration.from && (department === undefined || AREAS[areaIndex]!.department === department)) {
        factor *= deterioration.ratio;
      }
    }
    return factor;
  };
  const kommune: KommuneRun = {
    at: 0,
    order: KOMMUNE_ORDER.get(code)!,
    code,
    number,
    random,
    profile,
    lateOddsFactor,
    candidateRate: (profile.requestsPerYear * settings.scale * MAX_ARRIVAL_INTENSITY) / SECONDS_PER_YEAR,
    nextRequest: settings.base,
    cases: 0,
    citizens: 0,
    caseYear: 0,
    casesInYear: 0,
  };
  advanceRequests(kommune, settings);
  return kommune;
}

/** The kommune's next request: an inhomogeneous Poisson process drawn by thinning. */
function advanceRequests(kommune: KommuneRun, settings: Settings): void {
  let at = kommune.nextRequest;
  for (;;) {
    at += kommune.random.exponential(1 / kommune.candidateRate);
    if (at >= settings.to) {
      kommune.nextRequest = Infinity;
      break;
    }
    if (kommune.random.chance(arrivalIntensity(at) / MAX_ARRIVAL_INTENSITY)) {
      kommune.nextRequest = at;
      break;
    }
  }
  kommune.at = floor(kommune.nextRequest) - settings.base;
}

/** Opens the kommune's next case: plans it whole and schedules its arrivals. */
function openCase(kommune: KommuneRun, settings: Settings, serial: number): CaseRun {
  const { random } = kommune;
  const receivedAt = floor(kommune.nextRequest);
  const areaIndex = random.pick(AREA_WEIGHTS);
  const { hour, day } = localHourAndMonth(receivedAt);
  const officeHours = weekday(day) < 5 && hour >= 8 && hour < 16;
  const channel = officeHours ? random.pick(CHANNEL_WEIGHTS) : DIGITAL;
  const returning = kommune.citizens > 0 && random.chance(RETURNING_CITIZEN);
  const citizen = returning ? random.int(1, kommune.citizens) : ++kommune.citizens;
  const year = Number(calendarDate(day).slice(0, 4));
  if (year !== kommune.caseYear) {
    kommune.caseYear = year;
    kommune.casesInYear = 0;
  }
  kommune.casesInYear++;
  kommune.cases++;
  const plan = planCase({ receivedAt, areaIndex, channel, citizen }, kommune.profile, random, kommune.lateOddsFactor);
  const events = scheduleArrivals(plan, settings.limit, settings.base, random, settings.lateArrivalShare);
  return {
    at: events[events.length - STRIDE + ARRIVAL]!,
    order: KOMMUNE_CODES.length + serial,
    kommune,
    serial: kommune.cases,
    year,
    numberInYear: kommune.casesInYear,
    events,
  };
}

function* run<T>(settings: Settings, wrap: (event: CaseEventRequest, arrivalSeconds: number) => T): Generator<T> {
  const queue = new PendingQueue<KommuneRun | CaseRun>();
  for (const code of settings.kommuner) {
    const kommune = startKommune(settings, code);
    if (kommune.nextRequest !== Infinity) queue.push(kommune);
  }
  let serial = 0;
  const seedHash = hashInts(settings.seed, floor(settings.seed / 0x1_0000_0000));
  for (;;) {
    const next = queue.peek();
    if (next === undefined) return;
    if (!('events' in next)) {
      // Requests open cases at the moment they are received, before any of their events can arrive.
      const opened = openCase(next, settings, serial++);
      advanceRequests(next, settings);
      if (next.nextRequest === Infinity) queue.pop();
      else queue.updatePeek();
      queue.push(opened);
      continue;
    }
    const { events } = next;
    const offset = events.length - STRIDE;
    const event = toRequest(next, events, offset, settings.base, seedHash);
    const arrival = settings.base + events[offset + ARRIVAL]!;
    events.length = offset;
    if (offset > 0) {
      next.at = events[offset - STRIDE + ARRIVAL]!;
      queue.updatePeek();
    } else {
      queue.pop();
    }
    yield wrap(event, arrival);
  }
}

const DECISION_IDS = Array.from({ length: 8 }, (_, i) => `D${i + 1}`);
const COMPLAINT_IDS = Array.from({ length: 8 }, (_, i) => `C${i + 1}`);
const decisionId = (n: number) => DECISION_IDS[n] ?? `D${n + 1}`;
const complaintId = (n: number) => COMPLAINT_IDS[n] ?? `C${n + 1}`;

/** The request body of one scheduled event, in the API's shape. */
function toRequest(run: CaseRun, events: number[], offset: number, base: number, seedHash: number): CaseEventRequest {
  const packed = events[offset + KIND_B_PLAN_INDEX]!;
  const kind = kindOf(packed);
  const b = bOf(packed);
  const a = events[offset + A]!;
  const c = events[offset + C]!;
  const kommune = run.kommune.code;
  const iso = (seconds: number) => isoInstant(base + seconds);
  let data: object;
  switch (kind) {
    case TYPE.HelpRequested:
      data = {
        citizenId: `cit-${kommune}-${`${c}`.padStart(6, '0')}`,
        area: AREAS[a]!.code,
        department: AREAS[a]!.department,
        channel: CHANNELS[b]!,
      };
      break;
    case TYPE.DeadlineExtensionNotified:
      data = { expectedDecisionBy: iso(a) };
      break;
    case TYPE.ContactRecorded:
      data = { kind: CONTACT_KINDS[a]!, initiatedBy: INITIATORS[b === 1 ? INITIATORS.indexOf('citizen') : INITIATORS.indexOf('kommune')]! };
      break;
    case TYPE.CaseworkerAssigned:
      data = { caseworkerId: `cw-${kommune}-${`${a}`.padStart(3, '0')}`, reason: ASSIGNMENT_REASONS[b]! };
      break;
    case TYPE.DecisionMade: {
      const outcome = DECISION_OUTCOMES[b & 3]!;
      data = {
        decisionId: decisionId(a),
        outcome,
        writtenReasons: (b & 4) !== 0,
        complaintGuidance: (b & 8) !== 0,
        ...(c >= 0 ? { plannedStart: calendarDate(c) } : {}),
        decidedBy: DECIDERS[(b & 16) !== 0 ? DECIDERS.indexOf('committee') : DECIDERS.indexOf('caseworker')]!,
      };
      break;
    }
    case TYPE.RefusalExplainedOrally:
      data = { decisionId: decisionId(a), kind: ORAL_EXPLANATION_KINDS[b]! };
      break;
    case TYPE.HelpDelivered:
      data = { decisionId: decisionId(a) };
      break;
    case TYPE.ComplaintReceived:
      data =
        b === 0
          ? { complaintId: complaintId(a), kind: COMPLAINT_KINDS[0], decisionId: decisionId(c) }
          : { complaintId: complaintId(a), kind: COMPLAINT_KINDS[1] };
      break;
    case TYPE.ComplaintReassessed:
      data = { complaintId: complaintId(a), result: REASSESSMENT_RESULTS[b]! };
      break;
    case TYPE.AppealDecided:
      data = { complaintId: complaintId(a), outcome: APPEAL_OUTCOMES[b]! };
      break;
    default:
      data = { reason: CLOSE_REASONS[a]! };
  }
  return {
    eventId: deterministicEventId(seedHash, run.kommune.number, run.serial, planIndexOf(packed)),
    type: CASE_EVENT_TYPES[kind]!,
    kommune,
    // A case number like the case systems' own: never a CPR-like run of digits.
    caseId: `S-${run.year}-${`${run.numberInYear}`.padStart(6, '0')}`,
    occurredAt: iso(events[offset + OCCURRED]!),
    data,
  };
}

/** Expected cases (the arrival rates integrated over the period) and events (each case's expected events up to `to`). */
function estimate(settings: Settings): { cases: number; events: number } {
  const requestsPerYear = settings.kommuner.reduce((sum, code) => sum + kommuneRequestsPerYear(code) * settings.scale, 0);
  let cases = 0;
  let events = 0;
  integratedIntensityYears(settings.base, settings.to, (hourStart, years) => {
    const expected = requestsPerYear * years;
    cases += expected;
    events += expected * expectedEventsPerCase(settings.limit - (hourStart + 1800));
  });
  return { cases: round(cases), events: round(events) };
}

// Population is the only input to the rate: a kommune missing from the table fails at once, not mid-stream.
for (const code of KOMMUNE_CODES) kommuneRequestsPerYear(code);
