import { createHash } from 'node:crypto';
import {
  CASE_EVENT_TYPES,
  DEPARTMENTS,
  containsCprNumber,
  decide,
  evolve,
  initialCaseState,
  toCaseEvent,
  validateCaseEventRequest,
  validateDeadlinesRequest,
  type CaseEventRequest,
  type CaseState,
} from '@tillidsbarometer/domain';
import { generateHistory, type HistoryOptions } from './generate-history';

const FROM = '2024-01-01T00:00:00.000Z';
const HALF_YEAR = '2024-07-01T00:00:00.000Z';
const small: HistoryOptions = { seed: 1, kommuner: ['101', '147', '825'], from: FROM, to: HALF_YEAR };

/** A digest of the events exactly as they would be sent (JSON, in order). */
function digest(events: Iterable<CaseEventRequest>): { sha256: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const event of events) {
    hash.update(JSON.stringify(event));
    hash.update('\n');
    count++;
  }
  return { sha256: hash.digest('hex'), count };
}

describe('generateHistory', () => {
  describe('determinism', () => {
    it('gives byte-identical events for the same options, on every call of events()', () => {
      const first = digest(generateHistory(small).events());
      const history = generateHistory({ ...small, kommuner: ['825', '147', '101'] });
      expect(digest(history.events())).toEqual(first);
      expect(digest(history.events())).toEqual(first);
      expect(first.count).toBeGreaterThan(50_000);
    });

    it('gives another history for another seed', () => {
      const options = { ...small, kommuner: ['147'] };
      expect(digest(generateHistory({ ...options, seed: 2 }).events()).sha256).not.toBe(digest(generateHistory(options).events()).sha256);
    });

    it('gives a kommune the same history whichever kommuner come with it', () => {
      const alone = digest(generateHistory({ ...small, kommuner: ['825'] }).events());
      const together = digest([...generateHistory(small).events()].filter((event) => event.kommune === '825'));
      expect(together).toEqual(alone);
    });

    it('keeps every event of a shorter period, with the same id and content, when the period is extended', () => {
      const options = { ...small, kommuner: ['147'], to: '2024-04-01T00:00:00.000Z' };
      const longer = new Map([...generateHistory({ ...options, to: HALF_YEAR }).events()].map((event) => [event.eventId, event]));
      const shorter = [...generateHistory(options).events()];
      expect(shorter.length).toBeGreaterThan(1000);
      for (const event of shorter) expect(longer.get(event.eventId)).toEqual(event);
    });
  });

  describe('the events of three kommuner over half a year', () => {
    const to = new Date(HALF_YEAR);
    const invalid: string[] = [];
    const rejected: string[] = [];
    const ids = new Set<string>();
    const badIds: string[] = [];
    const personIds = new Set<string>();
    const types = new Map<string, number>();
    const departments = new Set<string>();
    const values = new Set<string>();
    let events = 0;
    let outOfOrder = 0;
    let afterTo = 0;
    let requestsOutside = 0;
    let arrivalsBack = 0;
    let arrivalsBeforeOccurring = 0;

    beforeAll(() => {
      const states = new Map<string, { state: CaseState; latest: number }>();
      let lastArrival = -Infinity;
      for (const { arrivesAt, event } of generateHistory(small).timedEvents()) {
        events++;
        const arrival = Date.parse(arrivesAt);
        const occurred = Date.parse(event.occurredAt);
        if (arrival < lastArrival) arrivalsBack++;
        if (arrival < occurred) arrivalsBeforeOccurring++;
        lastArrival = arrival;
        if (occurred > to.getTime()) afterTo++;
        if (event.type === 'HelpRequested' && !(occurred >= Date.parse(FROM) && occurred < to.getTime())) requestsOutside++;
        if (ids.has(event.eventId) || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(event.eventId)) {
          badIds.push(event.eventId);
        }
        ids.add(event.eventId);
        types.set(event.type, (types.get(event.type) ?? 0) + 1);
        const data = event.data as Record<string, unknown>;
        for (const field of ['citizenId', 'caseworkerId']) if (typeof data[field] === 'string') personIds.add(data[field]);
        if (typeof data['department'] === 'string') departments.add(data['department']);
        for (const field of ['outcome', 'result', 'reason', 'kind', 'channel'] as const) {
          if (typeof data[field] === 'string') values.add(`${event.type}.${field}=${data[field]}`);
        }

        const validation = validateCaseEventRequest(event, to);
        if (!validation.ok) {
          invalid.push(`${JSON.stringify(event)}: ${validation.errors.map((error) => error.message).join('; ')}`);
          continue;
        }
        const key = `${event.kommune}/${event.caseId}`;
        const current = states.get(key) ?? { state: initialCaseState, latest: -Infinity };
        const caseEvent = toCaseEvent(validation.request, (_kommune, kind, value) => `${kind}:${value}`);
        const decision = decide(current.state, caseEvent);
        if (!decision.ok) {
          rejected.push(`${JSON.stringify(event)}: ${decision.errors.map((error) => error.message).join('; ')}`);
          continue;
        }
        // Out of order: an event of the same case that happened later has already arrived.
        if (occurred < current.latest) outOfOrder++;
        states.set(key, { state: decision.events.reduce(evolve, current.state), latest: Math.max(current.latest, occurred) });
      }
    });

    it('pass the ingest validation (validateCaseEventRequest, now = to)', () => {
      expect(invalid.slice(0, 5)).toEqual([]);
    });

    it('are accepted by the case decider when replayed per case in arrival order', () => {
      expect(rejected.slice(0, 5)).toEqual([]);
    });

    it('never happen after `to`, and requests are received in [from, to)', () => {
      expect(afterTo).toBe(0);
      expect(requestsOutside).toBe(0);
    });

    it('have unique eventIds shaped like version 4 UUIDs', () => {
      expect(badIds.slice(0, 5)).toEqual([]);
      expect(ids.size).toBe(events);
    });

    it('name people by fake ids that look nothing like CPR numbers', () => {
      const personal = [...personIds].filter((id) => containsCprNumber(id) || /\d{6}\D?\d{4,6}/.test(id));
      expect(personal).toEqual([]);
      expect([...personIds].some((id) => /^cit-101-\d{6}$/.test(id))).toBe(true);
      expect([...personIds].some((id) => /^cw-825-\d{3}$/.test(id))).toBe(true);
    });

    it('come in order of arrival, each after it happened', () => {
      expect(arrivalsBack).toBe(0);
      expect(arrivalsBeforeOccurring).toBe(0);
    });

    it('include some out of order by occurredAt, about the default lateArrivalShare (0.02)', () => {
      expect(outOfOrder / events).toBeGreaterThan(0.01);
      expect(outOfOrder / events).toBeLessThan(0.04);
    });

    it('cover every event type, department and coded value', () => {
      expect([...types.keys()].sort()).toEqual([...CASE_EVENT_TYPES].sort());
      expect([...departments].sort()).toEqual([...DEPARTMENTS].sort());
      for (const value of [
        'DecisionMade.outcome=partially_granted',
        'ComplaintReceived.kind=service_complaint',
        'ComplaintReassessed.result=partially_changed',
        'AppealDecided.outcome=afvist',
        'CaseClosed.reason=deceased',
        'CaseworkerAssigned.reason=citizen_request',
        'ContactRecorded.kind=home_visit',
        'HelpRequested.channel=oral',
      ]) {
        expect(values).toContain(value);
      }
    });
  });

  describe('deadlines', () => {
    const { deadlines } = generateHistory({ seed: 3, from: FROM, to: '2026-01-01T00:00:00.000Z' });

    it('gives every kommune a valid PUT body', () => {
      expect(deadlines.map((entry) => entry.kommune)).toHaveLength(98);
      for (const entry of deadlines) expect(validateDeadlinesRequest(entry.deadlines)).toMatchObject({ ok: true });
    });

    it('vary by kommune and area, leave some areas without a deadline and change a few later', () => {
      const days = deadlines.flatMap((entry) => entry.deadlines.map((deadline) => deadline.days));
      expect(Math.min(...days)).toBeLessThanOrEqual(28);
      expect(Math.max(...days)).toBeGreaterThanOrEqual(150);
      expect(deadlines.some((entry) => new Set(entry.deadlines.map((deadline) => deadline.area)).size < 20)).toBe(true);
      const changed = deadlines.filter((entry) => entry.deadlines.some((deadline) => deadline.effectiveFrom > FROM));
      expect(changed.length).toBeGreaterThanOrEqual(5);
      expect(changed.length).toBeLessThanOrEqual(40);
    });
  });

  describe('volume', () => {
    it('follows kommune size: København has far more cases than Læsø', () => {
      const cases = (kommune: string) =>
        [...generateHistory({ ...small, kommuner: [kommune] }).events()].filter((event) => event.type === 'HelpRequested').length;
      const copenhagen = cases('101');
      const laesoe = cases('825');
      expect(copenhagen).toBeGreaterThan(8000);
      expect(laesoe).toBeGreaterThan(5);
      expect(copenhagen / laesoe).toBeGreaterThan(150);
    });

    it('estimates its counts within a few percent, without generating', () => {
      const history = generateHistory({ ...small, scale: 0.5 });
      let cases = 0;
      let events = 0;
      for (const event of history.events()) {
        events++;
        if (event.type === 'HelpRequested') cases++;
      }
      const estimate = history.estimate();
      expect(Math.abs(estimate.cases / cases - 1)).toBeLessThan(0.05);
      expect(Math.abs(estimate.events / events - 1)).toBeLessThan(0.08);
    });

    it('scales the arrival rates', () => {
      const { cases } = generateHistory({ ...small, scale: 2 }).estimate();
      expect(cases / generateHistory(small).estimate().cases).toBeCloseTo(2, 3);
    });
  });

  describe('options', () => {
    it.each([
      [{ to: FROM }, 'to must be after from'],
      [{ from: 'yesterday' }, 'from must be an ISO-8601 instant'],
      [{ kommuner: ['999'] }, 'unknown kommune 999'],
      [{ scale: 0 }, 'scale must be a positive number'],
      [{ seed: 1.5 }, 'seed must be a whole number'],
      [{ lateArrivalShare: 0.9 }, 'lateArrivalShare must be in [0, 0.5]'],
      [{ deteriorations: [{ kommune: '101', fromWeek: FROM, lateDecisionOddsRatio: 2, department: 'x' }] }, 'unknown department x'],
    ])('rejects %j', (options, message) => {
      expect(() => generateHistory({ ...small, ...options })).toThrow(message);
    });
  });
});
