import {
  decide,
  evolve,
  initialCaseState,
  toCaseEvent,
  validateCaseEventRequest,
  validateDeadlinesRequest,
  type CaseState,
} from '@tillidsbarometer/domain';
import { HAND_BUILT_SCENARIOS, SETTLED_NOW } from './hand-built-histories';
import { copenhagenMidnight, percentileType7, referenceFlags, referenceIndicators, wilsonInterval, type Indicators } from './index';

/** Fields that are counts and must match exactly; every other number matches to 8 decimals. */
const COUNT_FIELDS = new Set(['numerator', 'count', 'withNotice', 'withoutNotice', 'n']);
/** Rates whose denominator is a decimal (case-years, case-months). */
const DECIMAL_DENOMINATORS = new Set(['caseworker_changes_per_case_year', 'personal_contacts_per_case_month']);

/** The expected figures of one indicator with every decimal replaced by `expect.closeTo`. */
function matcherFor(id: string, expected: object): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(expected)) {
    const exact = COUNT_FIELDS.has(field) || (field === 'denominator' && !DECIMAL_DENOMINATORS.has(id));
    if (typeof value === 'number') result[field] = exact ? value : expect.closeTo(value, 8);
    else if (Array.isArray(value)) result[field] = value.map((bound: number) => expect.closeTo(bound, 8));
    else result[field] = value;
  }
  return result;
}

describe('contract reference: building blocks', () => {
  it('puts a calendar date at 00:00 Europe/Copenhagen, CET or CEST as on that date', () => {
    expect(new Date(copenhagenMidnight('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(copenhagenMidnight('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(copenhagenMidnight('2025-10-26')).toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(new Date(copenhagenMidnight('2025-10-27')).toISOString()).toBe('2025-10-26T23:00:00.000Z');
  });

  it('interpolates percentiles like R type 7 / numpy', () => {
    // numpy.percentile([1, 2, 3, 4], 90) = 3.7; numpy.median([1, 2, 3, 4]) = 2.5
    expect(percentileType7([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentileType7([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(percentileType7([7], 0.9)).toBe(7);
    expect(percentileType7([], 0.5)).toBeNull();
  });

  it('computes Wilson intervals with z = 1.959964', () => {
    // 8/10: centre = (0.8 + 0.192073)/1.384146 = 0.716738; half = 1.416011 × √(0.016 + 0.009604) = 0.226622
    const [lower, upper] = wilsonInterval(8, 10);
    expect(lower).toBeCloseTo(0.4901625, 6);
    expect(upper).toBeCloseTo(0.9433178, 6);
  });
});

describe('hand-built histories are valid input for the ingest API', () => {
  it('uses every eventId once', () => {
    const ids = HAND_BUILT_SCENARIOS.flatMap((scenario) => scenario.history.events.map((event) => event.eventId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(HAND_BUILT_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => {
    it('publishes valid deadlines', () => {
      for (const publication of scenario.history.deadlines) {
        expect(validateDeadlinesRequest(publication.deadlines)).toMatchObject({ ok: true });
      }
    });

    it('sends events that pass validation and the case decider in arrival order, all before 2026-11-01', () => {
      const states = new Map<string, CaseState>();
      for (const request of scenario.history.events) {
        expect(Date.parse(request.occurredAt)).toBeLessThan(Date.parse(SETTLED_NOW));
        const validation = validateCaseEventRequest(JSON.parse(JSON.stringify(request)), new Date());
        expect({ eventId: request.eventId, validation }).toMatchObject({ eventId: request.eventId, validation: { ok: true } });
        const stream = `${request.kommune}/${request.caseId}`;
        const state = states.get(stream) ?? initialCaseState;
        const event = toCaseEvent(request, (_kommune, kind, value) => `${kind}:${value}`);
        const decision = decide(state, event);
        expect({ eventId: request.eventId, decision }).toMatchObject({ eventId: request.eventId, decision: { ok: true } });
        states.set(stream, evolve(state, event));
      }
    });
  });
});

describe('contract reference on the hand-built histories', () => {
  describe.each(HAND_BUILT_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => {
    const indicatorCases = scenario.indicatorQueries.map(
      (item) =>
        [`${item.query.asOf} window ${item.query.window}${item.query.department ? ` ${item.query.department}` : ''}`, item] as const,
    );
    it.each(indicatorCases)('indicators at %s', (_label, { query, expected }) => {
      const answer = referenceIndicators(scenario.history, query);
      expect(answer.kommune).toBe(query.kommune);
      expect(answer.asOf).toBe(new Date(query.asOf).toISOString());
      expect(answer.window).toBe(query.window);
      expect(answer.department).toBe(query.department ?? null);

      const { casesWithoutDeadline, ...indicators } = expected;
      if (casesWithoutDeadline !== undefined) expect(answer.casesWithoutDeadline).toBe(casesWithoutDeadline);
      const ids = Object.keys(indicators) as Array<keyof Indicators>;
      const actual: Record<string, unknown> = {};
      const matchers: Record<string, unknown> = {};
      for (const id of ids) {
        actual[id] = answer.indicators[id];
        matchers[id] = matcherFor(id, indicators[id] as object);
      }
      expect(actual).toEqual(matchers);
    });

    const flagCases = scenario.flagQueries.map(
      (item) =>
        [`${item.query.kommune} at ${item.query.now} status ${item.query.status ?? 'open'} ${item.query.code ?? ''}`, item] as const,
    );
    it.each(flagCases)('flags of %s', (_label, { query, expected }) => {
      expect(referenceFlags(scenario.history, query).flags).toStrictEqual(expected);
    });
  });
});
