import { expectedFlag as flag, HistoryBuilder } from './hand-built-history-builder';
import type { Distribution, Flag, FlagsQuery, Indicators, IndicatorsQuery, Proportion, Rate, ReferenceHistory } from './types';

/*
 * Hand-built histories with every expected figure worked out by hand from CONTRACT.md sections 3-4 and
 * docs/contract-readings.md (never by running the reference). The arithmetic is in the comments. Notation:
 * times are UTC unless an offset is written; "d" is 86,400,000 ms; "W(x/n)" is the Wilson interval below; the
 * window of a query at T with W days is (T - W d, T].
 *
 * Each scenario is a whole history of its own (a fresh product: publish `deadlines` in order, then post `events`
 * in order as kommune 101, or 147 for the events that name it). Every event is valid input for the ingest API:
 * HelpRequested first, referenced decisions/complaints sent before, nothing after CaseClosed, all occurredAt
 * before 2026-11-01.
 *
 * Flag queries whose `now` is SETTLED_NOW give the same answer at every later moment (every raise and clear in
 * these histories happens before it), so an end-to-end test can run them against the real clock; the others
 * need a clock set to `now`.
 */

export const SETTLED_NOW = '2026-11-01T00:00:00.000Z';

export interface IndicatorExpectation {
  query: IndicatorsQuery;
  expected: Partial<Indicators> & { casesWithoutDeadline?: number };
}

export interface FlagExpectation {
  query: FlagsQuery;
  expected: Flag[];
}

export interface HandBuiltScenario {
  name: string;
  /** The boundaries and rules it exercises. */
  covers: string[];
  history: ReferenceHistory;
  indicatorQueries: IndicatorExpectation[];
  flagQueries: FlagExpectation[];
}

/*
 * Wilson score intervals, z = 1.959964, z² = 3.841458881: with p = x/n,
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) × √(p(1-p)/n + z²/4n²),  [centre - half, centre + half].
 */
// 0/1: 1 + z²/n = 4.841459; centre = 1.920729/4.841459 = 0.396725; half = 0.404828 × √(0.960365) = 0.396725
const W_0_1: [number, number] = [0, 0.7934506882];
// 1/1: centre = (1 + 1.920729)/4.841459 = 0.603275; half = 0.396725 (as 0/1, mirrored)
const W_1_1: [number, number] = [0.2065493118, 1];
// 0/2: 1 + z²/n = 2.920729; centre = 0.960365/2.920729 = 0.328810; half = 0.671049 × √(0.240091) = 0.328810
const W_0_2: [number, number] = [0, 0.657619776];
// 1/2: 1 + z²/n = 2.920729; centre = (0.5 + 0.960365)/2.920729 = 0.5; half = 0.671049 × √(0.125 + 0.240091) = 0.405469
const W_1_2: [number, number] = [0.0945312046, 0.9054687954];
// 2/2: centre = (1 + 0.960365)/2.920729 = 0.671190; half = 0.671049 × √(0.240091) = 0.328810
const W_2_2: [number, number] = [0.342380224, 1];
// 1/3: 1 + z²/n = 2.280486; centre = (0.333333 + 0.640243)/2.280486 = 0.426916; half = 0.859239 × √(0.074074 + 0.106707) = 0.365424
const W_1_3: [number, number] = [0.061491944, 0.7923404012];
// 2/3: 1 + z²/n = 2.280486; centre = (0.666667 + 0.640243)/2.280486 = 0.573084; half = 0.859239 × √(0.074074 + 0.106707) = 0.365424
const W_2_3: [number, number] = [0.2076595988, 0.938508056];
// 0/3: 1 + z²/n = 2.280486; centre = 0.640243/2.280486 = 0.280749; half = 0.859239 × √(0.106707) = 0.280749
const W_0_3: [number, number] = [0, 0.5614970356];
// 3/3: centre = (1 + 0.640243)/2.280486 = 0.719251; half = 0.859239 × √(0.106707) = 0.280749
const W_3_3: [number, number] = [0.4385029644, 1];
// 0/4: 1 + z²/n = 1.960365; centre = 0.480182/1.960365 = 0.244945; half = 0.999797 × √(0.060023) = 0.244945
const W_0_4: [number, number] = [0, 0.4898908404];
// 1/4: centre = (0.25 + 0.480182)/1.960365 = 0.372473; half = 0.999797 × √(0.046875 + 0.060023) = 0.326885
const W_1_4: [number, number] = [0.0455872603, 0.6993581599];
// 2/4: centre = (0.5 + 0.480182)/1.960365 = 0.5; half = 0.999797 × √(0.0625 + 0.060023) = 0.349961
const W_2_4: [number, number] = [0.1500389877, 0.8499610123];
// 3/4: centre = (0.75 + 0.480182)/1.960365 = 0.627527; half = 0.326885 (as 1/4, mirrored)
const W_3_4: [number, number] = [0.3006418401, 0.9544127397];
// 4/4: centre = (1 + 0.480182)/1.960365 = 0.755055; half = 0.244945 (as 0/4, mirrored)
const W_4_4: [number, number] = [0.5101091596, 1];
// 0/5: 1 + z²/n = 1.768292; centre = 0.384146/1.768292 = 0.217241; half = 1.108393 × √(0.038415) = 0.217241
const W_0_5: [number, number] = [0, 0.4344824687];
// 1/5: centre = (0.2 + 0.384146)/1.768292 = 0.330345; half = 1.108393 × √(0.032 + 0.038415) = 0.294121
const W_1_5: [number, number] = [0.0362241082, 0.624465373];
// 3/5: centre = (0.6 + 0.384146)/1.768292 = 0.556552; half = 1.108393 × √(0.048 + 0.038415) = 0.325827
const W_3_5: [number, number] = [0.2307242794, 0.8823792269];
// 5/5: centre = (1 + 0.384146)/1.768292 = 0.782759; half = 0.217241 (as 0/5, mirrored)
const W_5_5: [number, number] = [0.5655175313, 1];
// 3/6: 1 + z²/n = 1.640243; centre = 0.5; half = 1.194922 × √(0.041667 + 0.026677) = 0.312384
const W_3_6: [number, number] = [0.187616305, 0.812383695];
// 0/7: 1 + z²/n = 1.548780; centre = 0.274390/1.548780 = 0.177165; half = 1.265489 × √(0.019600) = 0.177165
const W_0_7: [number, number] = [0, 0.3543304387];
// 0/6: 1 + z²/n = 1.640243; centre = 0.320122/1.640243 = 0.195167; half = 1.194922 × √(0.026677) = 0.195167
const W_0_6: [number, number] = [0, 0.3903342917];

const NO_PROPORTION: Proportion = { value: null, numerator: 0, denominator: 0, ci95: null };
const NO_DISTRIBUTION: Distribution = { n: 0, median: null, p90: null };
const NO_RATE: Rate = { value: null, numerator: 0, denominator: 0 };

const SEL83 = { area: 'SEL-83' };
const SEL41 = { area: 'SEL-41' };
const SEL100 = { area: 'SEL-100' };

/*
 * A. Deadlines. SEL-83 has 10 days (20 days from 2026-06-01), SEL-41 30 days corrected to 20 days by a later
 * publication of the same effectiveFrom (written in another offset), SEL-100 has none. Kommune 147 has a case
 * that must never count for 101.
 *
 *   case  area     received           deadlineAt          facts
 *   S-1   SEL-83   04-06 08:00        04-16 08:00         D1 granted exactly at deadlineAt; help 04-20; D2 refused 04-25
 *                                                         (a second decision), explained 04-26, appealed 04-28 (C1)
 *   S-2   SEL-83   04-06 08:00        04-16 08:00         D1 refused 04-16 08:00:00.001 (1 ms late), explained 04-17
 *   S-3   SEL-83   04-08 12:00        04-18 12:00         late notice 04-19 12:00 (expects 04-25 12:00); phone + letter
 *   S-4   SEL-83   04-10 12:00        04-20 12:00         notice exactly at deadlineAt (expects 04-28 12:00), a second
 *                                                         notice 04-27 12:00 (expects 05-05 12:00) that ARRIVES FIRST;
 *                                                         D1 refused 05-10 12:00, explained 05-10 13:00
 *   S-5   SEL-83   04-25 00:00        05-05 00:00         closed 05-04 00:00
 *   S-6   SEL-100  04-02 00:00        none                D1 refused 04-03 00:00, explained at once
 *   S-7   SEL-41   04-02 00:00        04-22 00:00 (20 d)  nothing; closed 06-01 00:00
 *   S-8   SEL-83   06-01 00:00        06-21 00:00 (20 d)  received exactly at the new effectiveFrom; D1 granted 06-15, help 06-16
 *   X-1   147      04-06 08:00        04-16 08:00         D1 refused 04-20 (late), a phone contact: kommune 147 only
 */
const deadlines = new HistoryBuilder(0xa, [
  {
    kommune: '101',
    deadlines: [
      { area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' },
      { area: 'SEL-41', days: 30, effectiveFrom: '2025-01-01T00:00:00+01:00' },
    ],
  },
  { kommune: '147', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 20, effectiveFrom: '2026-06-01T00:00:00Z' }] },
  { kommune: '101', deadlines: [{ area: 'SEL-41', days: 20, effectiveFrom: '2024-12-31T23:00:00.000Z' }] },
])
  .helpRequested('S-1', '2026-04-06T08:00:00Z', 'SEL-83')
  .decision('S-1', '2026-04-16T10:00:00+02:00', 'D1', 'granted', {
    plannedStart: '2026-04-20',
    writtenReasons: true,
    complaintGuidance: true,
  })
  .delivered('S-1', '2026-04-20T08:00:00Z', 'D1')
  .decision('S-1', '2026-04-25T08:00:00Z', 'D2', 'refused', { writtenReasons: true, complaintGuidance: false })
  .explained('S-1', '2026-04-26T08:00:00Z', 'D2')
  .appeal('S-1', '2026-04-28T08:00:00Z', 'C1', 'D2')
  .reassessed('S-1', '2026-05-20T08:00:00Z', 'C1', 'kept')
  .helpRequested('S-2', '2026-04-06T08:00:00Z', 'SEL-83')
  .decision('S-2', '2026-04-16T08:00:00.001Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: true })
  .explained('S-2', '2026-04-17T08:00:00Z', 'D1')
  .helpRequested('S-3', '2026-04-08T12:00:00Z', 'SEL-83')
  .contact('S-3', '2026-04-09T12:00:00Z', 'phone', 'citizen')
  .contact('S-3', '2026-04-10T12:00:00Z', 'letter')
  .notice('S-3', '2026-04-19T12:00:00Z', '2026-04-25T12:00:00Z')
  .helpRequested('S-4', '2026-04-10T12:00:00Z', 'SEL-83')
  .notice('S-4', '2026-04-27T12:00:00Z', '2026-05-05T14:00:00+02:00')
  .notice('S-4', '2026-04-20T12:00:00Z', '2026-04-28T12:00:00Z')
  .decision('S-4', '2026-05-10T12:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-4', '2026-05-10T13:00:00Z', 'D1', 'meeting')
  .helpRequested('S-5', '2026-04-25T00:00:00Z', 'SEL-83')
  .closed('S-5', '2026-05-04T00:00:00Z', 'withdrawn')
  .helpRequested('S-6', '2026-04-02T00:00:00Z', 'SEL-100')
  .decision('S-6', '2026-04-03T00:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-6', '2026-04-03T00:00:00Z', 'D1', 'meeting')
  .helpRequested('S-7', '2026-04-02T00:00:00Z', 'SEL-41')
  .closed('S-7', '2026-06-01T00:00:00Z', 'moved')
  .helpRequested('S-8', '2026-06-01T00:00:00Z', 'SEL-83')
  .decision('S-8', '2026-06-15T00:00:00Z', 'D1', 'granted', { plannedStart: '2026-06-16', writtenReasons: true, complaintGuidance: true })
  .delivered('S-8', '2026-06-16T08:00:00Z', 'D1')
  .helpRequested('X-1', '2026-04-06T08:00:00Z', 'SEL-83', 'adult_disability', '147')
  .contact('X-1', '2026-04-10T08:00:00Z', 'phone', 'kommune', '147')
  .decision('X-1', '2026-04-20T08:00:00Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: false }, '147')
  .history();

const scenarioDeadlines: HandBuiltScenario = {
  name: 'A. deadlines: timely at deadlineAt, late notice, overdue requests, deadline publications, foreign kommune',
  covers: [
    'a first decision exactly at deadlineAt is timely, 1 ms after is not',
    'a second decision is not a first decision but counts in complaints_per_100_decisions and written_reasons',
    'a notice after deadlineAt is not compliant and DEADLINE_EXCEEDED_WITHOUT_NOTICE stays open',
    'a notice exactly at deadlineAt is compliant and prevents DEADLINE_EXCEEDED_WITHOUT_NOTICE',
    'notices arriving out of occurredAt order (NOTIFIED_DATE_EXCEEDED follows occurredAt)',
    'a later publication of the same area and effectiveFrom replaces the days; a new effectiveFrom applies from receivedAt on',
    'an area without a deadline: casesWithoutDeadline, left out of deadline figures, still in time_to_decision_days',
    'events of kommune 147 never count for 101',
    'DEADLINE_AT_RISK cleared by decision, notice, close and deadlineAt; DEADLINE_EXCEEDED_WITHOUT_NOTICE cleared by decision and close',
    'NOTIFIED_DATE_EXCEEDED raised at the notified date and cleared by a decision',
  ],
  history: deadlines,
  indicatorQueries: [
    {
      // T = 2026-05-01 00:00, W = 30: window (04-01 00:00, 05-01 00:00].
      query: { kommune: '101', asOf: '2026-05-01T02:00:00+02:00', window: 30 },
      expected: {
        // First decisions in the window of cases with a deadline: S-1 D1 at deadlineAt (timely), S-2 D1 1 ms late.
        // S-6 has no deadline; S-4 decides after T; X-1 is kommune 147.
        timely_decisions: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        // Pending at T with a deadline: S-3, S-4 (decision 05-10 > T), S-5 (received 04-25), S-7 (SEL-41: 20 days).
        // Overdue (deadlineAt < T): S-3 (04-18), S-4 (04-20), S-7 (04-22); S-5 (05-05) is not.
        // With a notice at or before deadlineAt: S-4 only (S-3's came after).
        overdue_open_requests: { value: 0.75, numerator: 3, denominator: 4, ci95: W_3_4, count: 3, withNotice: 1, withoutNotice: 2 },
        // deadlineAt in the window and no decision by it: S-2 (decided 1 ms after), S-3, S-4, S-7. S-1 decided at it.
        // Numerator: S-4 (notice at deadlineAt). S-3's notice is late.
        extension_notice_compliance: { value: 0.25, numerator: 1, denominator: 4, ci95: W_1_4 },
        // S-1 D1: plannedStart 04-20 = 04-19 22:00Z (CEST); due 05-03 22:00 > T. No grant due in the window.
        late_help_start: NO_PROPORTION,
        // Refusals with decidedAt + 14 d in the window: S-2 D1 (due 04-30 08:00:00.001, explained 04-17),
        // S-6 D1 (due 04-17, explained at decidedAt). S-1 D2: due 05-09 > T.
        oral_explanation_of_refusals: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // Refusals decided in the window: S-1 D2 (reasons yes, guidance no), S-2 D1 (no, yes), S-6 D1 (yes, yes).
        written_reasons: { value: 2 / 3, numerator: 2, denominator: 3, ci95: W_2_3 },
        complaint_guidance: { value: 2 / 3, numerator: 2, denominator: 3, ci95: W_2_3 },
        // Case-days (receivedAt, T], all received inside the window, none closed by T:
        // S-1, S-2: 24 d 16 h = 24.666667 each; S-3: 22.5; S-4: 20.5; S-5: 6; S-6, S-7: 29 each.
        // Sum = 49.333333 + 22.5 + 20.5 + 6 + 58 = 156.333333 (469/3). Case-years = 156.333333/365 = 0.428311.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.428310502283105 },
        // Open at T: S-1 .. S-7 (7), no caseworkers at all.
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 7, ci95: W_0_7 },
        // Personal contacts in the window: S-3's phone call (the letter is not personal; X-1's call is 147's).
        // Case-months = 156.333333/30.4375 = 5.136208; value = 1/5.136208 = 0.194696.
        personal_contacts_per_case_month: { value: 0.19469616204690832, numerator: 1, denominator: 5.136208076659822 },
        home_visit_share: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // Appeals in the window: S-1 C1 (04-28). Decisions in the window: S-1 D1, S-1 D2, S-2 D1, S-6 D1 = 4.
        // value = 100 × 1/4.
        complaints_per_100_decisions: { value: 25, numerator: 1, denominator: 4 },
        // S-1 C1: due 04-28 + 28 d = 05-26 > T.
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        // First decisions in the window: S-6 1 d, S-1 10 d, S-2 10 d + 1 ms = 10.0000000116.
        // Type 7: median h = 2 × 0.5 = 1 -> 10; p90 h = 1.8 -> 10 + 0.8 × 1 ms/d = 10.0000000093.
        time_to_decision_days: { n: 3, median: 10, p90: 10.00000000925926 },
        // S-1 help 04-20 08:00 - 04-06 08:00 = 14 d.
        time_to_help_days: { n: 1, median: 14, p90: 14 },
        // S-6 (SEL-100).
        casesWithoutDeadline: 1,
      },
    },
    {
      // T = 2026-07-01 00:00, W = 30: window (06-01 00:00, 07-01 00:00]. S-8 is received exactly at the window's
      // start and S-7 closed exactly at it.
      query: { kommune: '101', asOf: '2026-07-01T00:00:00Z', window: 30 },
      expected: {
        // S-8 D1 06-15: deadline 20 d (effectiveFrom 06-01 00:00 <= receivedAt) = 06-21 -> timely (late with 10 d).
        timely_decisions: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Pending at T: S-3 only (S-4 decided 05-10, S-5 and S-7 closed, S-8 decided); overdue, no notice by 04-18.
        overdue_open_requests: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1, count: 1, withNotice: 0, withoutNotice: 1 },
        // deadlineAt in the window: S-8 (06-21) was decided by then.
        extension_notice_compliance: NO_PROPORTION,
        // S-8 D1: plannedStart 06-16 = 06-15 22:00Z; due 06-29 22:00 in the window; help 06-16 08:00 -> not late.
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        oral_explanation_of_refusals: NO_PROPORTION,
        written_reasons: NO_PROPORTION,
        complaint_guidance: NO_PROPORTION,
        // Case-days in (06-01, 07-01]: S-1, S-2, S-3, S-4, S-6 30 each; S-8 (received at the start) 30;
        // S-7 closed at the start 0; S-5 closed 05-04 0. Sum 180; case-years 180/365 = 0.493151.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.4931506849315068 },
        // Open at T: S-1, S-2, S-3, S-4, S-6, S-8.
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 6, ci95: W_0_6 },
        // 180/30.4375 = 5.913758 case-months, no contacts.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 5.9137577002053385 },
        home_visit_share: NO_PROPORTION,
        // Decisions in the window: S-8 D1; no appeals.
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 1 },
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        // S-8: 06-15 - 06-01 = 14 d.
        time_to_decision_days: { n: 1, median: 14, p90: 14 },
        // S-8: 06-16 08:00 - 06-01 00:00 = 15 d 8 h = 15.333333.
        time_to_help_days: { n: 1, median: 15.333333333333334, p90: 15.333333333333334 },
        // S-6 is still open.
        casesWithoutDeadline: 1,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      // DEADLINE_AT_RISK at receivedAt + 0.8 × days (10 d -> 8 d; 20 d -> 16 d).
      expected: [
        // S-1: 04-06 08:00 + 8 d; cleared by D1 at 04-16 08:00 (= deadlineAt). No DEADLINE_EXCEEDED: decided at it.
        flag('DEADLINE_AT_RISK', 'S-1', SEL83, '2026-04-14T08:00:00.000Z', '2026-04-16T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        // S-2: same moment (caseId orders); cleared at deadlineAt, 1 ms before the decision.
        flag('DEADLINE_AT_RISK', 'S-2', SEL83, '2026-04-14T08:00:00.000Z', '2026-04-16T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        // S-2: no decision, no notice at deadlineAt; cleared by the decision 1 ms later.
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-2', SEL83, '2026-04-16T08:00:00.000Z', '2026-04-16T08:00:00.001Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        // S-3: 04-08 12:00 + 8 d; cleared at deadlineAt 04-18 12:00 (the notice comes 04-19).
        flag('DEADLINE_AT_RISK', 'S-3', SEL83, '2026-04-16T12:00:00.000Z', '2026-04-18T12:00:00.000Z', {
          deadlineAt: '2026-04-18T12:00:00.000Z',
        }),
        // S-7: 20 days after the correction: 04-02 + 16 d; cleared at deadlineAt 04-22.
        flag('DEADLINE_AT_RISK', 'S-7', SEL41, '2026-04-18T00:00:00.000Z', '2026-04-22T00:00:00.000Z', {
          deadlineAt: '2026-04-22T00:00:00.000Z',
        }),
        // S-3: at deadlineAt with no notice; the late notice does not clear it; never decided or closed.
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-3', SEL83, '2026-04-18T12:00:00.000Z', null, {
          deadlineAt: '2026-04-18T12:00:00.000Z',
        }),
        // S-4: 04-10 12:00 + 8 d; cleared by the notice at deadlineAt 04-20 12:00.
        flag('DEADLINE_AT_RISK', 'S-4', SEL83, '2026-04-18T12:00:00.000Z', '2026-04-20T12:00:00.000Z', {
          deadlineAt: '2026-04-20T12:00:00.000Z',
        }),
        // S-7: cleared by the close 06-01.
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-7', SEL41, '2026-04-22T00:00:00.000Z', '2026-06-01T00:00:00.000Z', {
          deadlineAt: '2026-04-22T00:00:00.000Z',
        }),
        // S-3: one notice (o = 04-19 12:00, d = 04-25 12:00): m = max(o, d) = 04-25 12:00; never decided.
        flag('NOTIFIED_DATE_EXCEEDED', 'S-3', SEL83, '2026-04-25T12:00:00.000Z', null, {
          expectedDecisionBy: '2026-04-25T12:00:00.000Z',
        }),
        // S-5: 04-25 + 8 d = 05-03; cleared by the close 05-04 (before deadlineAt 05-05, so no DEADLINE_EXCEEDED).
        flag('DEADLINE_AT_RISK', 'S-5', SEL83, '2026-05-03T00:00:00.000Z', '2026-05-04T00:00:00.000Z', {
          deadlineAt: '2026-05-05T00:00:00.000Z',
        }),
        // S-4: by occurredAt notice 1 (o 04-20 12:00, d 04-28 12:00), notice 2 (o 04-27 12:00, d 05-05 12:00).
        // Notice 1: max(o, d) = 04-28 12:00 is not before o_2 = 04-27 12:00; notice 2: m = 05-05 12:00 (the last).
        // Cleared by D1 05-10 12:00.
        flag('NOTIFIED_DATE_EXCEEDED', 'S-4', SEL83, '2026-05-05T12:00:00.000Z', '2026-05-10T12:00:00.000Z', {
          expectedDecisionBy: '2026-05-05T12:00:00.000Z',
        }),
      ],
    },
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'open' },
      expected: [
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-3', SEL83, '2026-04-18T12:00:00.000Z', null, {
          deadlineAt: '2026-04-18T12:00:00.000Z',
        }),
        flag('NOTIFIED_DATE_EXCEEDED', 'S-3', SEL83, '2026-04-25T12:00:00.000Z', null, {
          expectedDecisionBy: '2026-04-25T12:00:00.000Z',
        }),
      ],
    },
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'cleared', code: 'DEADLINE_EXCEEDED_WITHOUT_NOTICE' },
      expected: [
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-2', SEL83, '2026-04-16T08:00:00.000Z', '2026-04-16T08:00:00.001Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-7', SEL41, '2026-04-22T00:00:00.000Z', '2026-06-01T00:00:00.000Z', {
          deadlineAt: '2026-04-22T00:00:00.000Z',
        }),
      ],
    },
    {
      // Needs a clock at 04-18 12:00: shown when raisedAt < now, so S-3's DEADLINE_EXCEEDED and S-4's
      // DEADLINE_AT_RISK (raised exactly now) are not yet shown; S-3's DEADLINE_AT_RISK cleared exactly now is
      // cleared (clearedAt <= now); S-7's (cleared 04-22) is open, without clearedAt.
      query: { kommune: '101', now: '2026-04-18T12:00:00.000Z', status: 'all' },
      expected: [
        flag('DEADLINE_AT_RISK', 'S-1', SEL83, '2026-04-14T08:00:00.000Z', '2026-04-16T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        flag('DEADLINE_AT_RISK', 'S-2', SEL83, '2026-04-14T08:00:00.000Z', '2026-04-16T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-2', SEL83, '2026-04-16T08:00:00.000Z', '2026-04-16T08:00:00.001Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        flag('DEADLINE_AT_RISK', 'S-3', SEL83, '2026-04-16T12:00:00.000Z', '2026-04-18T12:00:00.000Z', {
          deadlineAt: '2026-04-18T12:00:00.000Z',
        }),
        flag('DEADLINE_AT_RISK', 'S-7', SEL41, '2026-04-18T00:00:00.000Z', null, { deadlineAt: '2026-04-22T00:00:00.000Z' }),
      ],
    },
    {
      // Kommune 147's own list: X-1 (deadline 04-16 08:00, refused 04-20 08:00, never explained).
      query: { kommune: '147', now: SETTLED_NOW, status: 'all' },
      expected: [
        // 04-06 08:00 + 8 d; cleared at deadlineAt.
        flag('DEADLINE_AT_RISK', 'X-1', SEL83, '2026-04-14T08:00:00.000Z', '2026-04-16T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        // Cleared by D1 04-20 08:00.
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'X-1', SEL83, '2026-04-16T08:00:00.000Z', '2026-04-20T08:00:00.000Z', {
          deadlineAt: '2026-04-16T08:00:00.000Z',
        }),
        // 04-20 08:00 + 14 d = 05-04 08:00, never explained.
        flag('REFUSAL_NOT_EXPLAINED', 'X-1', SEL83, '2026-05-04T08:00:00.000Z', null, {
          decisionId: 'D1',
          dueAt: '2026-05-04T08:00:00.000Z',
        }),
      ],
    },
  ],
};

/*
 * B. Window edges. E = 2026-01-14 23:00:00.000Z (= 2026-01-15 00:00 CET). Every kind of moment lands exactly on E:
 * a first decision, a refusal decided, a deadlineAt, a grant's due date (plannedStart 2026-01-01 = 2025-12-31
 * 23:00Z, + 14 d = E) with help started at it, a refusal's decidedAt + 14 d with the explanation at it, an appeal's
 * receivedAt + 28 d with the reassessment at it, an appeal received, an appeal decided, a caseworker change and a
 * home visit. Queried at T = E (all included), T = E + 30 d (E is T - W: all excluded) and T = E - 1 ms.
 * SEL-83 has 10 days; SEL-100 none.
 *
 *   case  received        deadlineAt    facts
 *   S-1   01-09 23:00     01-19 23:00   D1 granted at E (plannedStart 01-19 = 01-18 23:00Z), help 01-19 08:00
 *   S-2   01-04 23:00     E             D1 refused 01-17 23:00 (no reasons, no guidance); notice 01-12 23:00
 *                                       (exactly at 80 %, expects 01-20 23:00) ARRIVING AFTER the decision; explained 01-18 10:00
 *   S-3   12-20 09:00     12-30 09:00   D1 granted 12-22 09:00, plannedStart 2026-01-01 (due E); help at E
 *   S-4   12-25 23:00     01-04 23:00   D1 refused 12-31 23:00 (due E); explained at E
 *   S-5   01-12 23:00     01-22 23:00   D1 refused at E (reasons, no guidance); explained 01-15 23:00
 *   S-6   12-01 09:00     12-11 09:00   D1 refused 12-05 09:00, explained 12-05 10:00; appeal C1 12-17 23:00 (due E),
 *                                       reassessed at E, decided 'aendret' at E; appeal C2 at E, reassessed 02-01
 *   S-7   01-01 00:00     none          cw-1 01-02, cw-2 at E (a change); home visit at E; video at E + 1 ms
 *   S-8   12-01 00:00     none          closed 12-15 23:00:00.000 (= E - 30 d)
 *   S-9   12-01 00:00     none          closed 12-15 23:00:00.001
 */
const windowEdges = new HistoryBuilder(0xb, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-01-09T23:00:00Z', 'SEL-83')
  .decision('S-1', '2026-01-15T00:00:00+01:00', 'D1', 'granted', {
    plannedStart: '2026-01-19',
    writtenReasons: true,
    complaintGuidance: true,
  })
  .delivered('S-1', '2026-01-19T08:00:00Z', 'D1')
  .helpRequested('S-2', '2026-01-04T23:00:00Z', 'SEL-83')
  .decision('S-2', '2026-01-17T23:00:00Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: false })
  .notice('S-2', '2026-01-12T23:00:00Z', '2026-01-20T23:00:00Z')
  .explained('S-2', '2026-01-18T10:00:00Z', 'D1')
  .helpRequested('S-3', '2025-12-20T09:00:00Z', 'SEL-83')
  .decision('S-3', '2025-12-22T09:00:00Z', 'D1', 'granted', { plannedStart: '2026-01-01', writtenReasons: true, complaintGuidance: true })
  .delivered('S-3', '2026-01-14T23:00:00.000Z', 'D1')
  .helpRequested('S-4', '2025-12-25T23:00:00Z', 'SEL-83')
  .decision('S-4', '2025-12-31T23:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-4', '2026-01-15T00:00:00+01:00', 'D1', 'video')
  .helpRequested('S-5', '2026-01-12T23:00:00Z', 'SEL-83')
  .decision('S-5', '2026-01-14T23:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: false })
  .explained('S-5', '2026-01-15T23:00:00Z', 'D1')
  .helpRequested('S-6', '2025-12-01T09:00:00Z', 'SEL-83')
  .decision('S-6', '2025-12-05T09:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-6', '2025-12-05T10:00:00Z', 'D1', 'home_visit')
  .appeal('S-6', '2025-12-17T23:00:00Z', 'C1', 'D1')
  .reassessed('S-6', '2026-01-14T23:00:00Z', 'C1', 'kept')
  .appealDecided('S-6', '2026-01-14T23:00:00Z', 'C1', 'aendret')
  .appeal('S-6', '2026-01-14T23:00:00Z', 'C2', 'D1')
  .reassessed('S-6', '2026-02-01T00:00:00Z', 'C2', 'changed')
  .helpRequested('S-7', '2026-01-01T00:00:00Z', 'SEL-100')
  .assigned('S-7', '2026-01-02T00:00:00Z', 'cw-1', 'initial')
  .assigned('S-7', '2026-01-14T23:00:00Z', 'cw-2', 'resignation')
  .contact('S-7', '2026-01-14T23:00:00Z', 'home_visit')
  .contact('S-7', '2026-01-14T23:00:00.001Z', 'video')
  .helpRequested('S-8', '2025-12-01T00:00:00Z', 'SEL-100')
  .closed('S-8', '2025-12-15T23:00:00.000Z')
  .helpRequested('S-9', '2025-12-01T00:00:00Z', 'SEL-100')
  .closed('S-9', '2025-12-15T23:00:00.001Z')
  .history();

const scenarioWindowEdges: HandBuiltScenario = {
  name: 'B. window edges: every kind of moment exactly at T (included) and at T - W (excluded)',
  covers: [
    'events exactly at T count; exactly at T - W days they do not; 1 ms after T they do not',
    'due moments (deadlineAt, plannedStart + 14 d, decidedAt + 14 d, receivedAt + 28 d) at T and at T - W',
    'help started, explanation and reassessment exactly at their due moment are in time (flags not raised)',
    'a notice exactly at 80 % of the deadline prevents DEADLINE_AT_RISK; a notice arriving after the decision counts by occurredAt',
    'casesWithoutDeadline: a case closed exactly at T - W is not open in the window, 1 ms later it is',
    'case-days with a case closed 1 ms into the window',
  ],
  history: windowEdges,
  indicatorQueries: [
    {
      // T = E, W = 30: window (2025-12-15 23:00, E].
      query: { kommune: '101', asOf: '2026-01-14T23:00:00.000Z', window: 30 },
      expected: {
        // First decisions in the window with a deadline: S-1 (E, deadline 01-19), S-3 (12-22, deadline 12-30),
        // S-4 (12-31, deadline 01-04), S-5 (E, deadline 01-22): all timely. S-2 decides after T; S-6 before the window.
        timely_decisions: { value: 1, numerator: 4, denominator: 4, ci95: W_4_4 },
        // Pending at E with a deadline: S-2; deadlineAt = E is not < T, so not overdue.
        overdue_open_requests: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1, count: 0, withNotice: 0, withoutNotice: 0 },
        // deadlineAt in the window: S-2 (E, undecided, notice 01-12 -> compliant); S-3 (12-30) and S-4 (01-04) decided.
        extension_notice_compliance: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Grants due in the window: S-3 D1 (due E, help at E -> not late). S-1 D1 due 02-01 23:00.
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // Refusals due in the window: S-4 D1 (due E, explained at E), S-6 D1 (due 12-19 09:00, explained 12-05 10:00).
        // S-5 due 01-28; S-2 decided after T.
        oral_explanation_of_refusals: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // Refusals decided in the window: S-4 D1 (reasons, guidance), S-5 D1 at E (reasons, no guidance).
        written_reasons: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        complaint_guidance: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        // Changes in the window: S-7 cw-1 -> cw-2 at E = 1.
        // Case-days: S-1 5; S-2 10; S-3 12-20 09:00 -> E = 25 d 14 h = 25.583333; S-4 20; S-5 2; S-6 30 (received
        // before the window); S-7 01-01 00:00 -> E = 13 d 23 h = 13.958333; S-8 0; S-9 1 ms = 0.0000000116.
        // Sum = 106.541666678; case-years = 106.541666678/365 = 0.291894977; value = 1/0.291894977 = 3.425890.
        caseworker_changes_per_case_year: { value: 3.4258897141370213, numerator: 1, denominator: 0.2918949772006596 },
        // Open at E: S-1 .. S-7; S-7 has 2 caseworkers.
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 7, ci95: W_0_7 },
        // The home visit at E counts, the video at E + 1 ms does not. Case-months = 106.541666678/30.4375 = 3.500342.
        personal_contacts_per_case_month: { value: 0.28568635116176877, numerator: 1, denominator: 3.5003422317286486 },
        home_visit_share: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Appeals in the window: S-6 C1 (12-17 23:00), C2 (E). Decisions: S-1, S-3, S-4, S-5 = 4. 100 × 2/4.
        complaints_per_100_decisions: { value: 50, numerator: 2, denominator: 4 },
        // S-6 C1: due 12-17 23:00 + 28 d = E, reassessed at E. C2 due 02-11.
        timely_reassessment: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // S-6 C1 'aendret' at E.
        appeal_reversal_rate: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // S-1 5, S-3 2, S-4 6, S-5 2 -> [2, 2, 5, 6]: median h = 1.5 -> 2 + 0.5 × 3 = 3.5; p90 h = 2.7 -> 5 + 0.7 × 1 = 5.7.
        time_to_decision_days: { n: 4, median: 3.5, p90: 5.7 },
        // S-3's help at E: 25.583333 d. S-1's comes 01-19.
        time_to_help_days: { n: 1, median: 25.583333333333332, p90: 25.583333333333332 },
        // SEL-100: S-7 (open), S-9 (closed 1 ms after T - W); S-8 closed exactly at T - W is left out.
        casesWithoutDeadline: 2,
      },
    },
    {
      // T = E + 30 d = 2026-02-13 23:00, W = 30: window (E, 02-13 23:00].
      query: { kommune: '101', asOf: '2026-02-13T23:00:00.000Z', window: 30 },
      expected: {
        // First decisions in the window: S-2 D1 01-17 23:00 > deadlineAt E -> late. S-1 and S-5 (at E) are out.
        timely_decisions: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // Nothing pending with a deadline.
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        // deadlineAt in the window: S-1 (01-19) and S-5 (01-22), both decided at E. S-2's (E) is out.
        extension_notice_compliance: NO_PROPORTION,
        // S-1 D1 due 02-01 23:00, help 01-19 -> not late. S-3's due E is out.
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // S-2 D1 due 01-31 23:00 (explained 01-18 10:00), S-5 D1 due 01-28 23:00 (explained 01-15 23:00). S-4's due E is out.
        oral_explanation_of_refusals: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // Refusals decided in the window: S-2 D1 (neither). S-5's at E is out.
        written_reasons: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        complaint_guidance: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // The change at E is out. Case-days: S-1 .. S-7 30 each = 210; S-8, S-9 closed. 210/365 = 0.575342.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.5753424657534246 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 7, ci95: W_0_7 },
        // The video at E + 1 ms counts, the home visit at E does not. 210/30.4375 = 6.899384; 1/6.899384 = 0.144940.
        personal_contacts_per_case_month: { value: 0.14494047619047618, numerator: 1, denominator: 6.899383983572895 },
        home_visit_share: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // No appeal in the window (C2 at E is out); decisions: S-2 D1.
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 1 },
        // S-6 C2: due E + 28 d = 02-11 23:00, reassessed 02-01. C1's due E is out.
        timely_reassessment: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // C1 decided at E is out.
        appeal_reversal_rate: NO_PROPORTION,
        // S-2: 01-17 23:00 - 01-04 23:00 = 13 d.
        time_to_decision_days: { n: 1, median: 13, p90: 13 },
        // S-1: 01-19 08:00 - 01-09 23:00 = 9 d 9 h = 9.375. S-3's at E is out.
        time_to_help_days: { n: 1, median: 9.375, p90: 9.375 },
        // S-7; S-8 and S-9 closed before T - W.
        casesWithoutDeadline: 1,
      },
    },
    {
      // T = E - 1 ms, W = 30: window (2025-12-15 22:59:59.999, E - 1 ms]. Nothing at E counts.
      query: { kommune: '101', asOf: '2026-01-14T22:59:59.999Z', window: 30 },
      expected: {
        // S-3 (12-22) and S-4 (12-31) only.
        timely_decisions: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // Pending: S-1 (decided at E), S-2, S-5 (decided at E): deadlines 01-19, E, 01-22 are all after T.
        overdue_open_requests: { value: 0, numerator: 0, denominator: 3, ci95: W_0_3, count: 0, withNotice: 0, withoutNotice: 0 },
        // S-2's deadlineAt E is after T; S-3 and S-4 decided.
        extension_notice_compliance: NO_PROPORTION,
        // S-3's due E is after T.
        late_help_start: NO_PROPORTION,
        // S-6 D1 only (S-4's due E is after T).
        oral_explanation_of_refusals: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // S-6 C1's due E is after T.
        timely_reassessment: NO_PROPORTION,
        // Appeals: C1 (12-17 23:00). Decisions: S-3 D1, S-4 D1. 100 × 1/2.
        complaints_per_100_decisions: { value: 50, numerator: 1, denominator: 2 },
        appeal_reversal_rate: NO_PROPORTION,
        home_visit_share: NO_PROPORTION,
        time_to_help_days: NO_DISTRIBUTION,
        // S-7, and now S-8 too (closed at 12-15 23:00:00.000, after T - W = 12-15 22:59:59.999), S-9.
        casesWithoutDeadline: 3,
      },
    },
  ],
  flagQueries: [
    {
      // S-1: DEADLINE_AT_RISK at 01-17 23:00, decided at E before. S-2: notice at the 80 % moment (01-12 23:00) and
      // before deadlineAt; notified date 01-20 23:00 comes after the decision 01-17. S-3: help at its due E. S-4:
      // explained at its due E. S-5: at-risk moment 01-20 23:00 after the decision; explained. S-6: decided before
      // 80 %, explained, C1 reassessed at its due E, C2 long before its due. S-7: 2 caseworkers. S-7, S-8, S-9: no
      // deadline. Nothing is ever raised.
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      expected: [],
    },
  ],
};

/*
 * C. Cases closed before a due moment (left out: closedAt <= T and closedAt < due) and closed at or after it
 * (kept). SEL-83 has 10 days. Queried at T = 2026-03-01 00:00 (W = 30: window (01-30 00:00, 03-01 00:00]) and
 * at T = 2026-03-06 00:00.
 *
 *   case  received     deadlineAt   facts                                                        closed
 *   S-1   02-01 00:00  02-11 00:00  D1 refused 02-03 (reasons, guidance), explained 02-03 01:00  02-10 00:00 (before deadlineAt)
 *   S-2   02-01 00:00  02-11 00:00  as S-1                                                       02-11 00:00 (at deadlineAt)
 *   S-3   02-05 00:00  02-15 00:00  nothing                                                      02-14 23:59:59.999
 *   S-4   02-05 00:00  02-15 00:00  nothing                                                      02-15 00:00 (at deadlineAt)
 *   S-5   01-20 00:00  01-30 00:00  D1 granted 01-25, plannedStart 02-01 (01-31 23:00Z; due 02-14 23:00)  02-14 22:59:59.999
 *   S-6   01-20 00:00  01-30 00:00  as S-5, no help                                              02-14 23:00 (at the due date)
 *   S-7   01-26 00:00  02-05 00:00  D1 refused 02-01 (neither), never explained (due 02-15)      02-14 00:00
 *   S-8   01-26 00:00  02-05 00:00  as S-7                                                       02-16 00:00
 *   S-9   01-02 00:00  01-12 00:00  D1 refused 01-05, explained; appeal C1 01-20 (due 02-17)     02-16 00:00
 *   S-10  01-02 00:00  01-12 00:00  as S-9, never reassessed                                     02-18 00:00
 *   S-11  02-25 00:00  03-07 00:00  D1 granted 02-26, plannedStart 03-02, help 03-02 08:00       03-05 00:00 (after the first T)
 */
const closedBeforeDue = new HistoryBuilder(0xc, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-02-01T00:00:00Z', 'SEL-83')
  .decision('S-1', '2026-02-03T00:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-1', '2026-02-03T01:00:00Z', 'D1')
  .closed('S-1', '2026-02-10T00:00:00Z')
  .helpRequested('S-2', '2026-02-01T00:00:00Z', 'SEL-83')
  .decision('S-2', '2026-02-03T00:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-2', '2026-02-03T01:00:00Z', 'D1')
  .closed('S-2', '2026-02-11T00:00:00Z')
  .helpRequested('S-3', '2026-02-05T00:00:00Z', 'SEL-83')
  .closed('S-3', '2026-02-14T23:59:59.999Z', 'withdrawn')
  .helpRequested('S-4', '2026-02-05T00:00:00Z', 'SEL-83')
  .closed('S-4', '2026-02-15T00:00:00.000Z', 'withdrawn')
  .helpRequested('S-5', '2026-01-20T00:00:00Z', 'SEL-83')
  .decision('S-5', '2026-01-25T00:00:00Z', 'D1', 'granted', { plannedStart: '2026-02-01', writtenReasons: true, complaintGuidance: true })
  .closed('S-5', '2026-02-14T22:59:59.999Z', 'moved')
  .helpRequested('S-6', '2026-01-20T00:00:00Z', 'SEL-83')
  .decision('S-6', '2026-01-25T00:00:00Z', 'D1', 'granted', { plannedStart: '2026-02-01', writtenReasons: true, complaintGuidance: true })
  .closed('S-6', '2026-02-15T00:00:00+01:00', 'moved')
  .helpRequested('S-7', '2026-01-26T00:00:00Z', 'SEL-83')
  .decision('S-7', '2026-02-01T00:00:00Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: false })
  .closed('S-7', '2026-02-14T00:00:00Z')
  .helpRequested('S-8', '2026-01-26T00:00:00Z', 'SEL-83')
  .decision('S-8', '2026-02-01T00:00:00Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: false })
  .closed('S-8', '2026-02-16T00:00:00Z')
  .helpRequested('S-9', '2026-01-02T00:00:00Z', 'SEL-83')
  .decision('S-9', '2026-01-05T00:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-9', '2026-01-05T01:00:00Z', 'D1')
  .appeal('S-9', '2026-01-20T00:00:00Z', 'C1', 'D1')
  .closed('S-9', '2026-02-16T00:00:00Z')
  .helpRequested('S-10', '2026-01-02T00:00:00Z', 'SEL-83')
  .decision('S-10', '2026-01-05T00:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-10', '2026-01-05T01:00:00Z', 'D1')
  .appeal('S-10', '2026-01-20T00:00:00Z', 'C1', 'D1')
  .closed('S-10', '2026-02-18T00:00:00Z')
  .helpRequested('S-11', '2026-02-25T00:00:00Z', 'SEL-83')
  .decision('S-11', '2026-02-26T00:00:00Z', 'D1', 'granted', { plannedStart: '2026-03-02', writtenReasons: true, complaintGuidance: true })
  .delivered('S-11', '2026-03-02T08:00:00Z', 'D1')
  .closed('S-11', '2026-03-05T00:00:00Z')
  .history();

const scenarioClosedBeforeDue: HandBuiltScenario = {
  name: 'C. closed before a due moment: left out; closed at or after it: kept',
  covers: [
    'timely_decisions, extension_notice_compliance, late_help_start, oral_explanation_of_refusals and timely_reassessment leave out a case closed before the due moment',
    'a close exactly at the due moment keeps the case (and the flag is not raised: the case is not open at its moment)',
    'a close after T does not count at T',
    'written_reasons, complaint_guidance and time_to_decision_days keep closed cases',
    'DEADLINE_AT_RISK, REFUSAL_NOT_EXPLAINED and REASSESSMENT_OVERDUE cleared by close',
  ],
  history: closedBeforeDue,
  indicatorQueries: [
    {
      query: { kommune: '101', asOf: '2026-03-01T00:00:00.000Z', window: 30 },
      expected: {
        // First decisions in the window: S-1 02-03 (closed 02-10 < deadlineAt 02-11: left out), S-2 02-03 (closed at
        // deadlineAt: kept, timely), S-7 and S-8 02-01 (deadline 02-05, closed after: timely), S-11 02-26 (closes
        // 03-05, after T: kept, timely). S-5, S-6 (01-25), S-9, S-10 (01-05) decided before the window.
        timely_decisions: { value: 1, numerator: 4, denominator: 4, ci95: W_4_4 },
        // Open at T: S-11, decided.
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        // deadlineAt in the window and undecided by it: S-3 (closed 1 ms before 02-15: left out), S-4 (closed at
        // 02-15: kept, no notice). S-5 and S-6's deadlineAt 01-30 00:00 is T - W: out. Others decided in time.
        extension_notice_compliance: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // Grants due in the window (02-14 23:00): S-5 closed 1 ms before (left out), S-6 closed at it (kept, no help: late).
        // S-11's due 03-15 23:00 is after T.
        late_help_start: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Refusals due in the window: S-1, S-2 (due 02-17; closed 02-10, 02-11: left out), S-7 (due 02-15, closed
        // 02-14: left out), S-8 (due 02-15, closed 02-16: kept, not explained).
        oral_explanation_of_refusals: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // Refusals decided in the window, closed or not: S-1, S-2 (reasons, guidance), S-7, S-8 (neither).
        written_reasons: { value: 0.5, numerator: 2, denominator: 4, ci95: W_2_4 },
        complaint_guidance: { value: 0.5, numerator: 2, denominator: 4, ci95: W_2_4 },
        // Case-days in (01-30, 03-01]: S-1 9, S-2 10, S-3 10 d - 1 ms, S-4 10, S-5 01-30 -> 02-14 22:59:59.999 =
        // 15 d 23 h - 1 ms, S-6 15 d 23 h, S-7 15, S-8 17, S-9 17, S-10 19, S-11 4.
        // Sum = 101 + 10 + 31.916667 - 2 ms = 142.916666644; case-years = 0.391552511.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.3915525113521055 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // 142.916666644/30.4375 = 4.695414.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 4.69541409917104 },
        home_visit_share: NO_PROPORTION,
        // No appeal in the window; decisions: S-1, S-2, S-7, S-8, S-11.
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 5 },
        // Appeals due 02-17: S-9 (closed 02-16: left out), S-10 (closed 02-18: kept, never reassessed).
        timely_reassessment: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        appeal_reversal_rate: NO_PROPORTION,
        // S-11 1, S-1 2, S-2 2, S-7 6, S-8 6: median (h = 2) 2; p90 (h = 3.6) 6 + 0.6 × 0 = 6.
        time_to_decision_days: { n: 5, median: 2, p90: 6 },
        // S-11's help 03-02 is after T.
        time_to_help_days: NO_DISTRIBUTION,
        casesWithoutDeadline: 0,
      },
    },
    {
      // T = 2026-03-06 00:00, W = 30: window (02-04 00:00, 03-06 00:00]. S-11 closed 03-05 (now <= T), before its
      // deadlineAt 03-07: left out of timely_decisions, still in time_to_decision_days.
      query: { kommune: '101', asOf: '2026-03-06T00:00:00.000Z', window: 30 },
      expected: {
        timely_decisions: NO_PROPORTION,
        time_to_decision_days: { n: 1, median: 1, p90: 1 },
        // S-6 as before (due 02-14 23:00 is in this window too); S-11's due 03-15 23:00 is after T.
        late_help_start: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Help in the window: S-11 03-02 08:00 - 02-25 00:00 = 5 d 8 h = 5.333333.
        time_to_help_days: { n: 1, median: 5.333333333333333, p90: 5.333333333333333 },
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      expected: [
        // S-3, S-4: 02-05 + 8 d, undecided. S-3 cleared by its close 02-14 23:59:59.999; S-4 at deadlineAt 02-15
        // (its close at the same moment). Neither gets DEADLINE_EXCEEDED: closed at or before deadlineAt.
        flag('DEADLINE_AT_RISK', 'S-3', SEL83, '2026-02-13T00:00:00.000Z', '2026-02-14T23:59:59.999Z', {
          deadlineAt: '2026-02-15T00:00:00.000Z',
        }),
        flag('DEADLINE_AT_RISK', 'S-4', SEL83, '2026-02-13T00:00:00.000Z', '2026-02-15T00:00:00.000Z', {
          deadlineAt: '2026-02-15T00:00:00.000Z',
        }),
        // S-8: 02-01 + 14 d, cleared by the close 02-16. (S-7 closed before its moment; S-5, S-6 closed before or
        // at 02-14 23:00, so no HELP_NOT_STARTED.)
        flag('REFUSAL_NOT_EXPLAINED', 'S-8', SEL83, '2026-02-15T00:00:00.000Z', '2026-02-16T00:00:00.000Z', {
          decisionId: 'D1',
          dueAt: '2026-02-15T00:00:00.000Z',
        }),
        // S-10: 01-20 + 28 d, cleared by the close 02-18. (S-9 closed 02-16, before.)
        flag('REASSESSMENT_OVERDUE', 'S-10', SEL83, '2026-02-17T00:00:00.000Z', '2026-02-18T00:00:00.000Z', {
          complaintId: 'C1',
          dueAt: '2026-02-17T00:00:00.000Z',
        }),
      ],
    },
  ],
};

/*
 * D. Caseworkers. All three cases are SEL-100 (no deadline, so no deadline flags), received 2025-01-06 00:00.
 *
 *   S-1  cw-1 01-07 (initial), cw-1 02-01 (the same caseworker again: not a change), cw-2 03-01, cw-3 04-01.
 *        Holdings: cw-1 [01-07, 03-01), cw-2 [03-01, 04-01), cw-3 [04-01, ...).
 *   S-2  arrive in this order: cw-1 01-10, cw-1 05-01, cw-2 03-01, then cw-3 06-01. By occurredAt:
 *        cw-1 01-10, cw-2 03-01, cw-1 05-01, cw-3 06-01 (3 changes; by arrival there would be 2).
 *        Holdings: cw-1 [01-10, 03-01), cw-2 [03-01, 05-01), cw-1 [05-01, 06-01), cw-3 [06-01, ...).
 *   S-3  cw-1 01-08, cw-2 01-20, cw-3 02-01, cw-4 02-15, cw-5 2026-02-10; closed 2026-02-12.
 *
 * CASEWORKER_CHURN: the count of distinct holders in (t - 365 d, t]; a holding [a_i, a_{i+1}) drops out at
 * a_{i+1} + 365 d. (2025 and 2026 have 365 days, so + 365 d is the same date a year later.)
 */
const caseworkers = new HistoryBuilder(0xd, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2025-01-06T00:00:00Z', 'SEL-100')
  .assigned('S-1', '2025-01-07T00:00:00Z', 'cw-1', 'initial')
  .assigned('S-1', '2025-02-01T00:00:00Z', 'cw-1', 'reorganisation')
  .assigned('S-1', '2025-03-01T00:00:00Z', 'cw-2', 'sickness')
  .assigned('S-1', '2025-04-01T00:00:00Z', 'cw-3', 'resignation')
  .helpRequested('S-2', '2025-01-06T00:00:00Z', 'SEL-100')
  .assigned('S-2', '2025-01-10T00:00:00Z', 'cw-1', 'initial')
  .assigned('S-2', '2025-05-01T00:00:00Z', 'cw-1', 'citizen_request')
  .assigned('S-2', '2025-03-01T00:00:00Z', 'cw-2', 'sickness')
  .assigned('S-2', '2025-06-01T00:00:00Z', 'cw-3', 'other')
  .helpRequested('S-3', '2025-01-06T00:00:00Z', 'SEL-100')
  .assigned('S-3', '2025-01-08T00:00:00Z', 'cw-1', 'initial')
  .assigned('S-3', '2025-01-20T00:00:00Z', 'cw-2', 'sickness')
  .assigned('S-3', '2025-02-01T00:00:00Z', 'cw-3', 'sickness')
  .assigned('S-3', '2025-02-15T00:00:00Z', 'cw-4', 'reorganisation')
  .assigned('S-3', '2026-02-10T00:00:00Z', 'cw-5', 'resignation')
  .closed('S-3', '2026-02-12T00:00:00Z')
  .history();

const scenarioCaseworkers: HandBuiltScenario = {
  name: 'D. caseworkers: changes, reassignment to the same person, turnover, CASEWORKER_CHURN episodes',
  covers: [
    'a reassignment to the caseworker holding the case is not a change',
    'assignments arriving out of occurredAt order are ordered by occurredAt',
    'high_caseworker_turnover: a holding that ended exactly T - 365 d ago no longer counts',
    'CASEWORKER_CHURN raised at the 3rd distinct caseworker, cleared when one drops out 365 days after their holding ended',
    'a 4th caseworker does not start a new episode; a condition that ends and comes back is a new instance; cleared by close',
  ],
  history: caseworkers,
  indicatorQueries: [
    {
      // T = 2025-12-31 00:00, W = 365: window (2024-12-31 00:00, 2025-12-31 00:00].
      query: { kommune: '101', asOf: '2025-12-31T00:00:00.000Z', window: 365 },
      expected: {
        timely_decisions: NO_PROPORTION,
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        late_help_start: NO_PROPORTION,
        oral_explanation_of_refusals: NO_PROPORTION,
        written_reasons: NO_PROPORTION,
        complaint_guidance: NO_PROPORTION,
        // Changes: S-1 2 (cw-2, cw-3; cw-1 -> cw-1 is none), S-2 3, S-3 3 (cw-2, cw-3, cw-4) = 8.
        // Case-days: 3 × (01-06 -> 12-31 = 359) = 1077; case-years 1077/365 = 2.950685; value 8/2.950685 = 2.711235.
        caseworker_changes_per_case_year: { value: 2.711234911792015, numerator: 8, denominator: 2.9506849315068493 },
        // Open: 3. Holders in (2024-12-31, 2025-12-31]: S-1 {cw-1, cw-2, cw-3}, S-2 {cw-1, cw-2, cw-3},
        // S-3 {cw-1, cw-2, cw-3, cw-4}: all at least 3.
        high_caseworker_turnover: { value: 1, numerator: 3, denominator: 3, ci95: W_3_3 },
        // 1077/30.4375 = 35.383984.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 35.383983572895275 },
        home_visit_share: NO_PROPORTION,
        complaints_per_100_decisions: NO_RATE,
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        time_to_decision_days: NO_DISTRIBUTION,
        time_to_help_days: NO_DISTRIBUTION,
        casesWithoutDeadline: 3,
      },
    },
    {
      // T = 2026-03-01 00:00, W = 90: window (2025-12-01 00:00, 2026-03-01 00:00]; T - 365 d = 2025-03-01 00:00.
      query: { kommune: '101', asOf: '2026-03-01T00:00:00.000Z', window: 90 },
      expected: {
        // Changes in the window: S-3 cw-4 -> cw-5 at 2026-02-10. Case-days: S-1 90, S-2 90, S-3 12-01 -> 02-12 = 73.
        // 253/365 = 0.693151; 1/0.693151 = 1.442688.
        caseworker_changes_per_case_year: { value: 1.442687747035573, numerator: 1, denominator: 0.6931506849315069 },
        // Open: S-1, S-2 (S-3 closed). S-1: cw-1's last holding ended 2025-03-01, not after T - 365 d: {cw-2, cw-3}.
        // S-2: cw-1's first holding ended 2025-03-01 but its second [05-01, 06-01) counts: {cw-2, cw-1, cw-3}.
        high_caseworker_turnover: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        // 253/30.4375 = 8.312115.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 8.31211498973306 },
        // All three were open after T - W.
        casesWithoutDeadline: 3,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      expected: [
        // S-3: {cw-1, cw-2, cw-3} at 2025-02-01 (cw-4 at 02-15 makes 4: same episode). cw-1 (ended 2025-01-20)
        // drops at 2026-01-20: 3; cw-2 (ended 2025-02-01) drops at 2026-02-01: 2 -> cleared.
        flag('CASEWORKER_CHURN', 'S-3', SEL100, '2025-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', { caseworkers: 3 }),
        // S-1: {cw-1, cw-2, cw-3} at 2025-04-01; cw-1's holding ended 2025-03-01 -> drops at 2026-03-01: 2.
        flag('CASEWORKER_CHURN', 'S-1', SEL100, '2025-04-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', { caseworkers: 3 }),
        // S-2: {cw-1, cw-2, cw-3} at 2025-06-01; at 2026-03-01 cw-1's first holding drops but its second
        // [05-01, 06-01) still counts; cw-2 (ended 2025-05-01) drops at 2026-05-01: {cw-1, cw-3} = 2.
        flag('CASEWORKER_CHURN', 'S-2', SEL100, '2025-06-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', { caseworkers: 3 }),
        // S-3 again: at 2026-02-10 {cw-3 (ended 2025-02-15, drops 2026-02-15), cw-4 (ended now), cw-5} = 3, a new
        // episode; the close 2026-02-12 clears it.
        flag('CASEWORKER_CHURN', 'S-3', SEL100, '2026-02-10T00:00:00.000Z', '2026-02-12T00:00:00.000Z', { caseworkers: 3 }),
      ],
    },
    {
      // Needs a clock: at 2026-02-28 S-1's and S-2's episodes are still open; S-3's two are cleared.
      query: { kommune: '101', now: '2026-02-28T00:00:00.000Z', status: 'open', code: 'CASEWORKER_CHURN' },
      expected: [
        flag('CASEWORKER_CHURN', 'S-1', SEL100, '2025-04-01T00:00:00.000Z', null, { caseworkers: 3 }),
        flag('CASEWORKER_CHURN', 'S-2', SEL100, '2025-06-01T00:00:00.000Z', null, { caseworkers: 3 }),
      ],
    },
    {
      // Needs a clock: at 2026-03-01 00:00 S-1's episode is cleared (clearedAt <= now).
      query: { kommune: '101', now: '2026-03-01T00:00:00.000Z', status: 'open' },
      expected: [flag('CASEWORKER_CHURN', 'S-2', SEL100, '2025-06-01T00:00:00.000Z', null, { caseworkers: 3 })],
    },
  ],
};

/*
 * E. Help start across daylight-saving changes. A plannedStart date is 00:00 Europe/Copenhagen on that date:
 * CET (UTC+1) or CEST (UTC+2) as on that date; the due date is that instant + 14 × 86,400 s. Summer time began
 * 2026-03-29 02:00 CET and ended 2025-10-26 03:00 CEST. SEL-83 has 10 days.
 *
 *   case  received          decision                          plannedStart  00:00 Copenhagen     due (+ 14 d)        help
 *   S-1   03-16 09:00       D1 granted 03-20 09:00            2026-03-28    03-27 23:00Z (CET)   04-10 23:00Z        04-11 01:00+02:00 (= due)
 *   S-2   03-16 09:00       D1 granted 03-20 09:00            2026-03-30    03-29 22:00Z (CEST)  04-12 22:00Z        04-12 22:30Z (late)
 *   S-3   03-16 09:00       D1 granted 03-20 09:00            2026-03-29    03-28 23:00Z (CET)   04-11 23:00Z        04-11 23:00:00.001Z (late)
 *   S-4   2025-10-01 08:00  D1 partially_granted 10-08 08:00  2025-10-26    10-25 22:00Z (CEST)  11-08 22:00Z        none; closed 2025-12-01
 *   S-5   2025-10-01 08:00  D1 granted 10-09 08:00            2025-10-27    10-26 23:00Z (CET)   11-09 23:00Z        none
 *   S-6   03-02 09:00       D1 granted 03-05 09:00            2026-03-09    03-08 23:00Z (CET)   03-22 23:00Z        03-10 08:00
 *                           D2 partially_granted 03-25 09:00  2026-04-01    03-31 22:00Z (CEST)  04-14 22:00Z        none
 * S-4 D1 and S-6 D2 are explained orally within the hour.
 */
const helpStart = new HistoryBuilder(0xe, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-03-16T09:00:00Z', 'SEL-83')
  .decision('S-1', '2026-03-20T09:00:00Z', 'D1', 'granted', { plannedStart: '2026-03-28', writtenReasons: true, complaintGuidance: true })
  .delivered('S-1', '2026-04-11T01:00:00+02:00', 'D1')
  .helpRequested('S-2', '2026-03-16T09:00:00Z', 'SEL-83')
  .decision('S-2', '2026-03-20T09:00:00Z', 'D1', 'granted', { plannedStart: '2026-03-30', writtenReasons: true, complaintGuidance: true })
  .delivered('S-2', '2026-04-12T22:30:00Z', 'D1')
  .helpRequested('S-3', '2026-03-16T09:00:00Z', 'SEL-83')
  .decision('S-3', '2026-03-20T09:00:00Z', 'D1', 'granted', { plannedStart: '2026-03-29', writtenReasons: true, complaintGuidance: true })
  .delivered('S-3', '2026-04-11T23:00:00.001Z', 'D1')
  .helpRequested('S-4', '2025-10-01T08:00:00Z', 'SEL-83')
  .decision('S-4', '2025-10-08T08:00:00Z', 'D1', 'partially_granted', {
    plannedStart: '2025-10-26',
    writtenReasons: true,
    complaintGuidance: true,
  })
  .explained('S-4', '2025-10-08T09:00:00Z', 'D1')
  .closed('S-4', '2025-12-01T00:00:00Z')
  .helpRequested('S-5', '2025-10-01T08:00:00Z', 'SEL-83')
  .decision('S-5', '2025-10-09T08:00:00Z', 'D1', 'granted', { plannedStart: '2025-10-27', writtenReasons: false, complaintGuidance: false })
  .helpRequested('S-6', '2026-03-02T09:00:00Z', 'SEL-83')
  .decision('S-6', '2026-03-05T09:00:00Z', 'D1', 'granted', { plannedStart: '2026-03-09', writtenReasons: true, complaintGuidance: true })
  .delivered('S-6', '2026-03-10T08:00:00Z', 'D1')
  .decision('S-6', '2026-03-25T09:00:00Z', 'D2', 'partially_granted', {
    plannedStart: '2026-04-01',
    writtenReasons: true,
    complaintGuidance: true,
  })
  .explained('S-6', '2026-03-25T10:00:00Z', 'D2')
  .history();

const scenarioHelpStart: HandBuiltScenario = {
  name: 'E. help start: plannedStart at Copenhagen midnight across daylight-saving changes',
  covers: [
    'plannedStart before the spring change is CET midnight, after it CEST midnight; the day of the change is CET',
    'plannedStart on the autumn change day is CEST midnight, the day after CET midnight',
    'help started exactly at the due date is in time, 1 ms after is late',
    'every grant decision counts on its own (two grants in one case); partially_granted is a grant and a refusal',
    'HELP_NOT_STARTED raised at the due date, cleared by help or close, or left open',
    'a decision exactly at the 80 % moment prevents DEADLINE_AT_RISK',
  ],
  history: helpStart,
  indicatorQueries: [
    {
      // T = 2026-04-15 00:00, W = 30: window (03-16 00:00, 04-15 00:00].
      query: { kommune: '101', asOf: '2026-04-15T00:00:00.000Z', window: 30 },
      expected: {
        // First decisions in the window: S-1, S-2, S-3 (03-20 09:00, deadline 03-26 09:00). S-6's first is 03-05.
        timely_decisions: { value: 1, numerator: 3, denominator: 3, ci95: W_3_3 },
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        // Grants due in the window: S-1 D1 (help at due: in time), S-2 D1 (late), S-3 D1 (late by 1 ms),
        // S-6 D1 (due 03-22 23:00, help 03-10: in time), S-6 D2 (due 04-14 22:00, no help: late). 3/5.
        late_help_start: { value: 0.6, numerator: 3, denominator: 5, ci95: W_3_5 },
        // S-6 D2 (partially granted) due 04-08 09:00, explained 03-25 10:00.
        oral_explanation_of_refusals: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        written_reasons: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        complaint_guidance: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Case-days: S-1, S-2, S-3 03-16 09:00 -> 04-15 00:00 = 29 d 15 h = 29.625 each; S-5, S-6 30 each; S-4
        // closed 2025. Sum 148.875; case-years 0.407877.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.4078767123287671 },
        // Open: S-1, S-2, S-3, S-5, S-6.
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 5, ci95: W_0_5 },
        // 148.875/30.4375 = 4.891170.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 4.891170431211499 },
        home_visit_share: NO_PROPORTION,
        // Decisions in the window: S-1, S-2, S-3 D1, S-6 D2.
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 4 },
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        // S-1, S-2, S-3: 4 d each.
        time_to_decision_days: { n: 3, median: 4, p90: 4 },
        // From 03-16 09:00: S-1 04-10 23:00 = 25 d 14 h = 25.583333; S-3 04-11 23:00:00.001 = 26.583333345;
        // S-2 04-12 22:30 = 27 d 13.5 h = 27.5625. (S-6's help 03-10 is before the window.)
        // median 26.583333345; p90 (h = 1.8) 26.583333345 + 0.8 × (27.5625 - 26.583333345) = 27.366666669.
        time_to_help_days: { n: 3, median: 26.583333344907405, p90: 27.36666666898148 },
        casesWithoutDeadline: 0,
      },
    },
    {
      // T = 2025-11-30 00:00, W = 90: window (2025-09-01 00:00, 2025-11-30 00:00].
      query: { kommune: '101', asOf: '2025-11-30T00:00:00.000Z', window: 90 },
      expected: {
        // S-4 D1 due 11-08 22:00 (case still open at T: closes 12-01), S-5 D1 due 11-09 23:00: no help -> both late.
        late_help_start: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // S-4 D1 due 10-22 08:00, explained 10-08 09:00.
        oral_explanation_of_refusals: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        written_reasons: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        complaint_guidance: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Deadline 10-11 08:00 for both: S-4 10-08, S-5 10-09: timely.
        timely_decisions: { value: 1, numerator: 2, denominator: 2, ci95: W_2_2 },
        // S-4 7 d, S-5 8 d: median 7.5; p90 (h = 0.9) 7 + 0.9 = 7.9.
        time_to_decision_days: { n: 2, median: 7.5, p90: 7.9 },
        time_to_help_days: NO_DISTRIBUTION,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      // DEADLINE_AT_RISK never: S-1..S-3 decided 03-20 before 03-24 09:00; S-4 10-08 before 10-09 08:00; S-5
      // exactly at 10-09 08:00; S-6 03-05 before 03-10 09:00. S-1 and S-6 D1 help in time; refusals explained.
      expected: [
        // S-4: m = max(due, decidedAt) = due; cleared by the close.
        flag('HELP_NOT_STARTED', 'S-4', SEL83, '2025-11-08T22:00:00.000Z', '2025-12-01T00:00:00.000Z', {
          decisionId: 'D1',
          dueAt: '2025-11-08T22:00:00.000Z',
        }),
        // S-5: never started, never closed.
        flag('HELP_NOT_STARTED', 'S-5', SEL83, '2025-11-09T23:00:00.000Z', null, { decisionId: 'D1', dueAt: '2025-11-09T23:00:00.000Z' }),
        // S-3: cleared by the help 1 ms later.
        flag('HELP_NOT_STARTED', 'S-3', SEL83, '2026-04-11T23:00:00.000Z', '2026-04-11T23:00:00.001Z', {
          decisionId: 'D1',
          dueAt: '2026-04-11T23:00:00.000Z',
        }),
        // S-2: cleared by the help at 22:30.
        flag('HELP_NOT_STARTED', 'S-2', SEL83, '2026-04-12T22:00:00.000Z', '2026-04-12T22:30:00.000Z', {
          decisionId: 'D1',
          dueAt: '2026-04-12T22:00:00.000Z',
        }),
        // S-6 D2: never started.
        flag('HELP_NOT_STARTED', 'S-6', SEL83, '2026-04-14T22:00:00.000Z', null, { decisionId: 'D2', dueAt: '2026-04-14T22:00:00.000Z' }),
      ],
    },
  ],
};

/*
 * F. Refusals and their oral explanation. SEL-83 has 10 days. An explanation counts for the indicator when its
 * occurredAt is in [decidedAt - 1 d, decidedAt + 14 d].
 *
 *   case  received     decisions                                                explanation
 *   S-1   05-01 08:00  D1 refused 05-05 10:00 (reasons, guidance)               05-04 10:00:00.000 (exactly 1 d before; ARRIVES after D1)
 *   S-2   05-01 08:00  D1 refused 05-05 10:00 (no reasons, guidance)            05-04 09:59:59.999 (1 d + 1 ms before)
 *   S-3   05-01 08:00  D1 granted 05-03 08:00 (plannedStart 05-04), help 05-04 08:00;
 *                      D2 partially_granted 05-10 08:00 (neither; plannedStart 05-11), help 05-11 08:00
 *                                                                              D2: 05-26 08:00 (after its due 05-24 08:00)
 *   S-4   05-02 08:00  D1 refused 05-06 08:00 (reasons, no guidance)            05-20 08:00:00.001 (1 ms after due)
 *   S-5   05-02 08:00  D1 refused 05-07 08:00 (reasons, guidance)               never
 */
const refusals = new HistoryBuilder(0xf, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-05-01T08:00:00Z', 'SEL-83')
  .decision('S-1', '2026-05-05T10:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-1', '2026-05-04T10:00:00.000Z', 'D1', 'meeting')
  .helpRequested('S-2', '2026-05-01T08:00:00Z', 'SEL-83')
  .decision('S-2', '2026-05-05T10:00:00Z', 'D1', 'refused', { writtenReasons: false, complaintGuidance: true })
  .explained('S-2', '2026-05-04T09:59:59.999Z', 'D1', 'meeting')
  .helpRequested('S-3', '2026-05-01T08:00:00Z', 'SEL-83')
  .decision('S-3', '2026-05-03T08:00:00Z', 'D1', 'granted', { plannedStart: '2026-05-04', writtenReasons: true, complaintGuidance: true })
  .delivered('S-3', '2026-05-04T08:00:00Z', 'D1')
  .decision('S-3', '2026-05-10T08:00:00Z', 'D2', 'partially_granted', {
    plannedStart: '2026-05-11',
    writtenReasons: false,
    complaintGuidance: false,
  })
  .delivered('S-3', '2026-05-11T08:00:00Z', 'D2')
  .explained('S-3', '2026-05-26T08:00:00Z', 'D2')
  .helpRequested('S-4', '2026-05-02T08:00:00Z', 'SEL-83')
  .decision('S-4', '2026-05-06T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: false })
  .explained('S-4', '2026-05-20T08:00:00.001Z', 'D1')
  .helpRequested('S-5', '2026-05-02T08:00:00Z', 'SEL-83')
  .decision('S-5', '2026-05-07T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .history();

const scenarioRefusals: HandBuiltScenario = {
  name: 'F. refusals: oral explanation window, written reasons, complaint guidance, REFUSAL_NOT_EXPLAINED',
  covers: [
    'an oral explanation exactly 1 day before decidedAt counts; 1 ms earlier it does not',
    'an explanation 1 ms after decidedAt + 14 d does not count',
    'a partially granted second decision is a refusal (written_reasons, complaint_guidance, oral explanation) and a grant',
    'REFUSAL_NOT_EXPLAINED raised at decidedAt + 14 d, cleared by a late explanation or left open',
    'an explanation arriving after its decision but dated before it counts by occurredAt',
  ],
  history: refusals,
  indicatorQueries: [
    {
      // T = 2026-05-31 00:00, W = 30: window (05-01 00:00, 05-31 00:00].
      query: { kommune: '101', asOf: '2026-05-31T00:00:00.000Z', window: 30 },
      expected: {
        // First decisions: S-1, S-2 05-05 10:00 (deadline 05-11 08:00), S-3 D1 05-03, S-4 05-06 and S-5 05-07
        // (deadline 05-12 08:00): all timely. S-3 D2 is not a first decision.
        timely_decisions: { value: 1, numerator: 5, denominator: 5, ci95: W_5_5 },
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        // S-3 D1 (plannedStart 05-04 = 05-03 22:00Z, due 05-17 22:00; help 05-04) and D2 (05-10 22:00Z, due 05-24
        // 22:00; help 05-11): in time.
        late_help_start: { value: 0, numerator: 0, denominator: 2, ci95: W_0_2 },
        // Refusals due in the window: S-1 (explained at decidedAt - 1 d: yes), S-2 (1 ms too early: no), S-3 D2
        // (after due: no), S-4 (1 ms after due: no), S-5 (never). 1/5.
        oral_explanation_of_refusals: { value: 0.2, numerator: 1, denominator: 5, ci95: W_1_5 },
        // Refusals decided in the window: S-1 (yes, yes), S-2 (no, yes), S-3 D2 (no, no), S-4 (yes, no), S-5 (yes, yes).
        written_reasons: { value: 0.6, numerator: 3, denominator: 5, ci95: W_3_5 },
        complaint_guidance: { value: 0.6, numerator: 3, denominator: 5, ci95: W_3_5 },
        // Case-days: S-1, S-2, S-3 05-01 08:00 -> 05-31 00:00 = 29 d 16 h = 29.666667 each; S-4, S-5 28 d 16 h =
        // 28.666667 each. Sum 146.333333 (439/3); case-years 0.400913.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.4009132420091324 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 5, ci95: W_0_5 },
        // 146.333333/30.4375 = 4.807666. Oral explanations are not contacts.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 4.80766598220397 },
        home_visit_share: NO_PROPORTION,
        // Decisions in the window: S-1, S-2, S-3 D1, S-3 D2, S-4, S-5.
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 6 },
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        // S-3 2, S-4 4, S-1 4 d 2 h = 4.083333, S-2 4.083333, S-5 5: median (h = 2) 4.083333;
        // p90 (h = 3.6) 4.083333 + 0.6 × (5 - 4.083333) = 4.633333.
        time_to_decision_days: { n: 5, median: 4.083333333333333, p90: 4.633333333333333 },
        // S-3 D1 3 d, D2 10 d: median 6.5; p90 3 + 0.9 × 7 = 9.3.
        time_to_help_days: { n: 2, median: 6.5, p90: 9.3 },
        casesWithoutDeadline: 0,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      // No DEADLINE_AT_RISK: every case decided before its 80 % moment (05-09 08:00, 05-10 08:00). No
      // REFUSAL_NOT_EXPLAINED for S-1 (explained before its moment) nor for S-2: its explanation (05-04 09:59:59.999)
      // is "an oral explanation of it" at or before the moment 05-19 10:00, even though the indicator does not count
      // it. S-3's grants were delivered in time.
      expected: [
        // S-4: 05-06 08:00 + 14 d; cleared by the explanation 1 ms later.
        flag('REFUSAL_NOT_EXPLAINED', 'S-4', SEL83, '2026-05-20T08:00:00.000Z', '2026-05-20T08:00:00.001Z', {
          decisionId: 'D1',
          dueAt: '2026-05-20T08:00:00.000Z',
        }),
        // S-5: 05-07 08:00 + 14 d; never explained.
        flag('REFUSAL_NOT_EXPLAINED', 'S-5', SEL83, '2026-05-21T08:00:00.000Z', null, {
          decisionId: 'D1',
          dueAt: '2026-05-21T08:00:00.000Z',
        }),
        // S-3 D2: 05-10 08:00 + 14 d; cleared by the explanation 05-26 08:00.
        flag('REFUSAL_NOT_EXPLAINED', 'S-3', SEL83, '2026-05-24T08:00:00.000Z', '2026-05-26T08:00:00.000Z', {
          decisionId: 'D2',
          dueAt: '2026-05-24T08:00:00.000Z',
        }),
      ],
    },
  ],
};

/*
 * G. Appeals. SEL-83 has 10 days; every case received 06-01 08:00 (deadline 06-11 08:00).
 *
 *   case  decisions                                        complaints
 *   S-1   D1 refused 06-03 08:00, explained 09:00          C1 appeal of D1 06-05 08:00 (due 07-03 08:00), reassessed 'kept' exactly at
 *                                                          07-03 08:00, decided 'stadfaestet' 08-01 08:00; C2 service complaint 06-06
 *   S-2   D1 refused 06-03 08:00 (no guidance), explained  C1 appeal 06-05 08:00, reassessed 07-03 08:00:00.001 (1 ms late), 'ophaevet' 08-02 08:00
 *   S-3   D1 granted 06-03 08:00 (plannedStart 06-08),     C3 and C1 appeals of D1 both 06-10 08:00 (due 07-08 08:00; C3 arrives
 *         help 06-08 08:00; D2 refused 06-20 08:00,        first), never reassessed; C2 appeal of D2 06-21 08:00, reassessed
 *         explained 09:00                                  'changed' 06-25 08:00, decided 'afvist' 08-03 08:00
 *   S-4   D1 refused 06-02 08:00, explained 09:00          C1 appeal 06-04 08:00 (due 07-02 08:00), reassessed 06-20, 'hjemvist' 08-04 08:00
 */
const appeals = new HistoryBuilder(0x10, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-06-01T08:00:00Z', 'SEL-83')
  .decision('S-1', '2026-06-03T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-1', '2026-06-03T09:00:00Z', 'D1')
  .appeal('S-1', '2026-06-05T08:00:00Z', 'C1', 'D1')
  .serviceComplaint('S-1', '2026-06-06T08:00:00Z', 'C2')
  .reassessed('S-1', '2026-07-03T08:00:00.000Z', 'C1', 'kept')
  .appealDecided('S-1', '2026-08-01T08:00:00Z', 'C1', 'stadfaestet')
  .helpRequested('S-2', '2026-06-01T08:00:00Z', 'SEL-83')
  .decision('S-2', '2026-06-03T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: false })
  .explained('S-2', '2026-06-03T09:00:00Z', 'D1')
  .appeal('S-2', '2026-06-05T08:00:00Z', 'C1', 'D1')
  .reassessed('S-2', '2026-07-03T08:00:00.001Z', 'C1', 'kept')
  .appealDecided('S-2', '2026-08-02T08:00:00Z', 'C1', 'ophaevet')
  .helpRequested('S-3', '2026-06-01T08:00:00Z', 'SEL-83')
  .decision('S-3', '2026-06-03T08:00:00Z', 'D1', 'granted', { plannedStart: '2026-06-08', writtenReasons: true, complaintGuidance: true })
  .delivered('S-3', '2026-06-08T08:00:00Z', 'D1')
  .appeal('S-3', '2026-06-10T08:00:00Z', 'C3', 'D1')
  .appeal('S-3', '2026-06-10T08:00:00Z', 'C1', 'D1')
  .decision('S-3', '2026-06-20T08:00:00Z', 'D2', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-3', '2026-06-20T09:00:00Z', 'D2')
  .appeal('S-3', '2026-06-21T08:00:00Z', 'C2', 'D2')
  .reassessed('S-3', '2026-06-25T08:00:00Z', 'C2', 'changed')
  .appealDecided('S-3', '2026-08-03T08:00:00Z', 'C2', 'afvist')
  .helpRequested('S-4', '2026-06-01T08:00:00Z', 'SEL-83')
  .decision('S-4', '2026-06-02T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-4', '2026-06-02T09:00:00Z', 'D1')
  .appeal('S-4', '2026-06-04T08:00:00Z', 'C1', 'D1')
  .reassessed('S-4', '2026-06-20T08:00:00Z', 'C1', 'kept')
  .appealDecided('S-4', '2026-08-04T08:00:00Z', 'C1', 'hjemvist')
  .history();

const scenarioAppeals: HandBuiltScenario = {
  name: 'G. appeals: reassessment within 28 days, complaints per 100 decisions, reversal rate',
  covers: [
    'a reassessment exactly at receivedAt + 28 d is timely, 1 ms after is not',
    'a service complaint is not an appeal',
    'afvist is left out of appeal_reversal_rate',
    'REASSESSMENT_OVERDUE raised at receivedAt + 28 d, cleared by a late reassessment or left open; same-moment flags ordered by complaintId',
  ],
  history: appeals,
  indicatorQueries: [
    {
      // T = 2026-07-31 00:00, W = 90: window (05-02 00:00, 07-31 00:00].
      query: { kommune: '101', asOf: '2026-07-31T00:00:00.000Z', window: 90 },
      expected: {
        // First decisions S-1, S-2, S-3 (06-03) and S-4 (06-02), deadline 06-11 08:00.
        timely_decisions: { value: 1, numerator: 4, denominator: 4, ci95: W_4_4 },
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        // S-3 D1: plannedStart 06-08 = 06-07 22:00Z, due 06-21 22:00; help 06-08.
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // S-1 D1, S-2 D1, S-3 D2, S-4 D1: all explained within the hour.
        oral_explanation_of_refusals: { value: 1, numerator: 4, denominator: 4, ci95: W_4_4 },
        written_reasons: { value: 1, numerator: 4, denominator: 4, ci95: W_4_4 },
        // S-2 D1 without guidance.
        complaint_guidance: { value: 0.75, numerator: 3, denominator: 4, ci95: W_3_4 },
        // Case-days: 4 × (06-01 08:00 -> 07-31 00:00 = 59 d 16 h = 59.666667) = 238.666667; case-years 0.653881.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.6538812785388127 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 4, ci95: W_0_4 },
        // 238.666667/30.4375 = 7.841205.
        personal_contacts_per_case_month: { value: 0, numerator: 0, denominator: 7.841204654346337 },
        home_visit_share: NO_PROPORTION,
        // Appeals: S-1 C1, S-2 C1, S-3 C1, C2, C3, S-4 C1 = 6 (not S-1's service complaint). Decisions: S-1 D1,
        // S-2 D1, S-3 D1, D2, S-4 D1 = 5. 100 × 6/5.
        complaints_per_100_decisions: { value: 120, numerator: 6, denominator: 5 },
        // Due in the window: S-1 C1 (at due: yes), S-2 C1 (1 ms late: no), S-3 C1 and C3 (never: no),
        // S-3 C2 (due 07-19, reassessed 06-25: yes), S-4 C1 (due 07-02, reassessed 06-20: yes). 3/6.
        timely_reassessment: { value: 0.5, numerator: 3, denominator: 6, ci95: W_3_6 },
        // Ankestyrelsen decides in August.
        appeal_reversal_rate: NO_PROPORTION,
        // S-4 1 d; S-1, S-2, S-3 2 d: [1, 2, 2, 2] -> median 2, p90 2.
        time_to_decision_days: { n: 4, median: 2, p90: 2 },
        // S-3 help 06-08 08:00: 7 d.
        time_to_help_days: { n: 1, median: 7, p90: 7 },
        casesWithoutDeadline: 0,
      },
    },
    {
      // T = 2026-08-31 00:00, W = 30: window (08-01 00:00, 08-31 00:00].
      query: { kommune: '101', asOf: '2026-08-31T00:00:00.000Z', window: 30 },
      expected: {
        // stadfaestet (S-1), ophaevet (S-2), hjemvist (S-4); afvist (S-3 C2) left out. 2/3.
        appeal_reversal_rate: { value: 2 / 3, numerator: 2, denominator: 3, ci95: W_2_3 },
        // No appeal and no decision in the window.
        complaints_per_100_decisions: NO_RATE,
        // Nothing due in the window.
        timely_reassessment: NO_PROPORTION,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      // S-1 C1 reassessed at its moment, S-3 C2 and S-4 C1 before theirs. No other flags: decisions before
      // 80 % (06-09 08:00), refusals explained, S-3's help in time.
      expected: [
        // S-2 C1: 06-05 08:00 + 28 d; cleared by the reassessment 1 ms later.
        flag('REASSESSMENT_OVERDUE', 'S-2', SEL83, '2026-07-03T08:00:00.000Z', '2026-07-03T08:00:00.001Z', {
          complaintId: 'C1',
          dueAt: '2026-07-03T08:00:00.000Z',
        }),
        // S-3 C1 and C3: 06-10 08:00 + 28 d, never reassessed; same raisedAt, caseId and code: ordered by complaintId.
        flag('REASSESSMENT_OVERDUE', 'S-3', SEL83, '2026-07-08T08:00:00.000Z', null, {
          complaintId: 'C1',
          dueAt: '2026-07-08T08:00:00.000Z',
        }),
        flag('REASSESSMENT_OVERDUE', 'S-3', SEL83, '2026-07-08T08:00:00.000Z', null, {
          complaintId: 'C3',
          dueAt: '2026-07-08T08:00:00.000Z',
        }),
      ],
    },
  ],
};

/*
 * H. Department filter. SEL-83 has 10 days; SEL-100 none.
 *
 *   case  department        received     facts
 *   S-1   adult_disability  09-01 08:00  cw-1 09-01 09:00, home visit 09-03 08:00, D1 granted 09-05 08:00 (plannedStart 09-07),
 *                                        help 09-07 08:00, cw-2 09-10 09:00 (a change)
 *   S-2   jobcenter         09-01 08:00  phone 09-02 08:00, meeting 09-03 08:00, D1 refused 09-15 08:00 (deadline 09-11 08:00),
 *                                        explained 09:00, appeal C1 09-20 08:00, reassessed 09-25 08:00
 *   S-3   jobcenter         09-10 08:00  notice 09-19 08:00 (deadline 09-20 08:00) expecting 09-30 08:00; no decision
 *   S-4   children_family   09-05 00:00  SEL-100, nothing else
 */
const departments = new HistoryBuilder(0x11, [
  { kommune: '101', deadlines: [{ area: 'SEL-83', days: 10, effectiveFrom: '2025-01-01T00:00:00+01:00' }] },
])
  .helpRequested('S-1', '2026-09-01T08:00:00Z', 'SEL-83', 'adult_disability')
  .assigned('S-1', '2026-09-01T09:00:00Z', 'cw-1', 'initial')
  .contact('S-1', '2026-09-03T08:00:00Z', 'home_visit')
  .decision('S-1', '2026-09-05T08:00:00Z', 'D1', 'granted', { plannedStart: '2026-09-07', writtenReasons: true, complaintGuidance: true })
  .delivered('S-1', '2026-09-07T08:00:00Z', 'D1')
  .assigned('S-1', '2026-09-10T09:00:00Z', 'cw-2', 'sickness')
  .helpRequested('S-2', '2026-09-01T08:00:00Z', 'SEL-83', 'jobcenter')
  .contact('S-2', '2026-09-02T08:00:00Z', 'phone', 'citizen')
  .contact('S-2', '2026-09-03T08:00:00Z', 'meeting')
  .decision('S-2', '2026-09-15T08:00:00Z', 'D1', 'refused', { writtenReasons: true, complaintGuidance: true })
  .explained('S-2', '2026-09-15T09:00:00Z', 'D1')
  .appeal('S-2', '2026-09-20T08:00:00Z', 'C1', 'D1')
  .reassessed('S-2', '2026-09-25T08:00:00Z', 'C1', 'kept')
  .helpRequested('S-3', '2026-09-10T08:00:00Z', 'SEL-83', 'jobcenter')
  .notice('S-3', '2026-09-19T08:00:00Z', '2026-09-30T08:00:00Z')
  .helpRequested('S-4', '2026-09-05T00:00:00Z', 'SEL-100', 'children_family')
  .history();

const JOBCENTER_SEL83 = { area: 'SEL-83', department: 'jobcenter' };

const scenarioDepartments: HandBuiltScenario = {
  name: 'H. department filter: every figure of the cases whose HelpRequested names the department',
  covers: [
    'no filter, two departments with cases, and a department without any (every figure empty, rates null)',
    'casesWithoutDeadline respects the filter',
    'flags carry the case department',
  ],
  history: departments,
  indicatorQueries: [
    {
      // T = 2026-09-30 00:00, W = 30: window (08-31 00:00, 09-30 00:00]. All departments.
      query: { kommune: '101', asOf: '2026-09-30T00:00:00.000Z', window: 30 },
      expected: {
        // S-1 09-05 (deadline 09-11 08:00): timely; S-2 09-15: late.
        timely_decisions: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        // Pending: S-3 (deadline 09-20 08:00 < T; notice 09-19 before it).
        overdue_open_requests: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1, count: 1, withNotice: 1, withoutNotice: 0 },
        // deadlineAt in the window and undecided: S-2 (09-11; no notice), S-3 (09-20; notice 09-19). S-1 decided.
        extension_notice_compliance: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        // S-1 D1: plannedStart 09-07 = 09-06 22:00Z, due 09-20 22:00; help 09-07.
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // S-2 D1 due 09-29 08:00, explained.
        oral_explanation_of_refusals: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        written_reasons: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        complaint_guidance: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // 1 change (S-1). Case-days: S-1, S-2 09-01 08:00 -> 09-30 00:00 = 28.666667 each; S-3 19.666667; S-4 25.
        // Sum 102; case-years 102/365 = 0.279452; value 365/102 = 3.578431.
        caseworker_changes_per_case_year: { value: 3.5784313725490193, numerator: 1, denominator: 0.27945205479452057 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 4, ci95: W_0_4 },
        // Home visit, phone, meeting = 3; 102/30.4375 = 3.351129; 3/3.351129 = 0.895221.
        personal_contacts_per_case_month: { value: 0.8952205882352942, numerator: 3, denominator: 3.351129363449692 },
        home_visit_share: { value: 1 / 3, numerator: 1, denominator: 3, ci95: W_1_3 },
        // Appeal S-2 C1; decisions S-1 D1, S-2 D1. 100 × 1/2.
        complaints_per_100_decisions: { value: 50, numerator: 1, denominator: 2 },
        // C1 due 10-18.
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        // S-1 4 d, S-2 14 d: median 9; p90 4 + 0.9 × 10 = 13.
        time_to_decision_days: { n: 2, median: 9, p90: 13 },
        // S-1 6 d.
        time_to_help_days: { n: 1, median: 6, p90: 6 },
        // S-4.
        casesWithoutDeadline: 1,
      },
    },
    {
      query: { kommune: '101', asOf: '2026-09-30T00:00:00.000Z', window: 30, department: 'jobcenter' },
      expected: {
        // S-2 late.
        timely_decisions: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        overdue_open_requests: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1, count: 1, withNotice: 1, withoutNotice: 0 },
        extension_notice_compliance: { value: 0.5, numerator: 1, denominator: 2, ci95: W_1_2 },
        late_help_start: NO_PROPORTION,
        oral_explanation_of_refusals: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        written_reasons: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        complaint_guidance: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        // Case-days S-2 28.666667 + S-3 19.666667 = 48.333333; /365 = 0.132420.
        caseworker_changes_per_case_year: { value: 0, numerator: 0, denominator: 0.1324200913242009 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 2, ci95: W_0_2 },
        // Phone and meeting: 2; 48.333333/30.4375 = 1.587953; 2/1.587953 = 1.259483.
        personal_contacts_per_case_month: { value: 1.2594827586206896, numerator: 2, denominator: 1.587953456536619 },
        home_visit_share: { value: 0, numerator: 0, denominator: 2, ci95: W_0_2 },
        complaints_per_100_decisions: { value: 100, numerator: 1, denominator: 1 },
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        time_to_decision_days: { n: 1, median: 14, p90: 14 },
        time_to_help_days: NO_DISTRIBUTION,
        casesWithoutDeadline: 0,
      },
    },
    {
      query: { kommune: '101', asOf: '2026-09-30T00:00:00.000Z', window: 30, department: 'adult_disability' },
      expected: {
        timely_decisions: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        late_help_start: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        oral_explanation_of_refusals: NO_PROPORTION,
        written_reasons: NO_PROPORTION,
        complaint_guidance: NO_PROPORTION,
        // 1 change; 28.666667/365 = 0.078539; 1/0.078539 = 12.732558.
        caseworker_changes_per_case_year: { value: 12.732558139534884, numerator: 1, denominator: 0.07853881278538813 },
        high_caseworker_turnover: { value: 0, numerator: 0, denominator: 1, ci95: W_0_1 },
        // 28.666667/30.4375 = 0.941821; 1/0.941821 = 1.061773.
        personal_contacts_per_case_month: { value: 1.0617732558139534, numerator: 1, denominator: 0.9418206707734429 },
        home_visit_share: { value: 1, numerator: 1, denominator: 1, ci95: W_1_1 },
        complaints_per_100_decisions: { value: 0, numerator: 0, denominator: 1 },
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        time_to_decision_days: { n: 1, median: 4, p90: 4 },
        time_to_help_days: { n: 1, median: 6, p90: 6 },
        casesWithoutDeadline: 0,
      },
    },
    {
      query: { kommune: '101', asOf: '2026-09-30T00:00:00.000Z', window: 30, department: 'health' },
      expected: {
        timely_decisions: NO_PROPORTION,
        overdue_open_requests: { value: null, numerator: 0, denominator: 0, ci95: null, count: 0, withNotice: 0, withoutNotice: 0 },
        extension_notice_compliance: NO_PROPORTION,
        late_help_start: NO_PROPORTION,
        oral_explanation_of_refusals: NO_PROPORTION,
        written_reasons: NO_PROPORTION,
        complaint_guidance: NO_PROPORTION,
        caseworker_changes_per_case_year: NO_RATE,
        high_caseworker_turnover: NO_PROPORTION,
        personal_contacts_per_case_month: NO_RATE,
        home_visit_share: NO_PROPORTION,
        complaints_per_100_decisions: NO_RATE,
        timely_reassessment: NO_PROPORTION,
        appeal_reversal_rate: NO_PROPORTION,
        time_to_decision_days: NO_DISTRIBUTION,
        time_to_help_days: NO_DISTRIBUTION,
        casesWithoutDeadline: 0,
      },
    },
  ],
  flagQueries: [
    {
      query: { kommune: '101', now: SETTLED_NOW, status: 'all' },
      // S-1 decided before 80 % (09-09 08:00) and helped in time; S-2's refusal explained and appeal reassessed.
      expected: [
        // S-2: 09-01 08:00 + 8 d; cleared at deadlineAt (decision 09-15).
        flag('DEADLINE_AT_RISK', 'S-2', JOBCENTER_SEL83, '2026-09-09T08:00:00.000Z', '2026-09-11T08:00:00.000Z', {
          deadlineAt: '2026-09-11T08:00:00.000Z',
        }),
        // S-2: cleared by D1 09-15.
        flag('DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'S-2', JOBCENTER_SEL83, '2026-09-11T08:00:00.000Z', '2026-09-15T08:00:00.000Z', {
          deadlineAt: '2026-09-11T08:00:00.000Z',
        }),
        // S-3: 09-10 08:00 + 8 d; cleared by the notice 09-19 (so no DEADLINE_EXCEEDED either).
        flag('DEADLINE_AT_RISK', 'S-3', JOBCENTER_SEL83, '2026-09-18T08:00:00.000Z', '2026-09-19T08:00:00.000Z', {
          deadlineAt: '2026-09-20T08:00:00.000Z',
        }),
        // S-3: m = max(09-19 08:00, 09-30 08:00); never decided.
        flag('NOTIFIED_DATE_EXCEEDED', 'S-3', JOBCENTER_SEL83, '2026-09-30T08:00:00.000Z', null, {
          expectedDecisionBy: '2026-09-30T08:00:00.000Z',
        }),
      ],
    },
  ],
};

/** Every hand-built scenario. */
export const HAND_BUILT_SCENARIOS: HandBuiltScenario[] = [
  scenarioDeadlines,
  scenarioWindowEdges,
  scenarioClosedBeforeDue,
  scenarioCaseworkers,
  scenarioHelpStart,
  scenarioRefusals,
  scenarioAppeals,
  scenarioDepartments,
];
