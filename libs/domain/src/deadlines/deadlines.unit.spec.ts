import { DeadlineHistory, deadlineAt, validateDeadlinesRequest, type DeadlinesPublished } from './deadlines';

const published = (deadlines: DeadlinesPublished['data']['deadlines']): DeadlinesPublished => ({
  type: 'DeadlinesPublished',
  data: { kommune: '101', deadlines },
});

describe('deadlines', () => {
  it('adds exactly whole days: receivedAt + days × 86,400 s, also across the change to summer time', () => {
    expect(deadlineAt('2026-03-01T09:00:00.000Z', 30)).toBe('2026-03-31T09:00:00.000Z');
    expect(deadlineAt('2026-03-20T23:30:00+01:00', 14)).toBe('2026-04-03T22:30:00.000Z');
  });

  it('takes the deadline in force at receivedAt, a later correction of the same effectiveFrom winning', () => {
    const history = new DeadlineHistory();
    history.apply(published([{ area: 'sel_83', days: 42, effectiveFrom: '2025-01-01T00:00:00.000Z' }]), '2025-01-01T08:00:00.000Z');
    history.apply(
      published([
        { area: 'sel_83', days: 28, effectiveFrom: '2026-01-01T00:00:00.000Z' },
        { area: 'sel_41', days: 90, effectiveFrom: '2025-06-01T00:00:00.000Z' },
      ]),
      '2025-12-01T08:00:00.000Z',
    );
    history.apply(published([{ area: 'sel_83', days: 35, effectiveFrom: '2026-01-01T00:00:00.000Z' }]), '2025-12-02T08:00:00.000Z');

    expect(history.inForce('sel_83', '2024-12-31T23:59:59.999Z')).toBeUndefined();
    expect(history.inForce('sel_83', '2025-01-01T00:00:00.000Z')?.days).toBe(42);
    expect(history.inForce('sel_83', '2025-12-31T23:59:59.999Z')?.days).toBe(42);
    expect(history.inForce('sel_83', '2026-01-01T00:00:00.000Z')?.days).toBe(35);
    expect(history.inForce('nothing', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    expect(history.allInForce('2026-02-01T00:00:00.000Z').map((d) => [d.area, d.days])).toEqual([
      ['sel_41', 90],
      ['sel_83', 35],
    ]);
    expect(history.publications).toHaveLength(4);
    expect(history.newEntries([{ area: 'sel_83', days: 35, effectiveFrom: '2026-01-01T00:00:00.000Z' }])).toEqual([]);
    expect(history.newEntries([{ area: 'sel_83', days: 36, effectiveFrom: '2026-01-01T00:00:00.000Z' }])).toHaveLength(1);
  });

  it('validates a PUT body, naming the entry, the field and the rule', () => {
    expect(validateDeadlinesRequest([{ area: 'sel_83', days: 28, effectiveFrom: '2026-01-01T00:00:00+01:00' }])).toEqual({
      ok: true,
      deadlines: [{ area: 'sel_83', days: 28, effectiveFrom: '2025-12-31T23:00:00.000Z' }],
    });
    const bad = validateDeadlinesRequest([
      { area: 'sel_83', days: 2.5, effectiveFrom: '2026-01-01T00:00:00Z' },
      { area: 'sel 41', days: 30, effectiveFrom: '2026-01-01' },
      { area: 'x', days: 30, effectiveFrom: '2026-01-01T00:00:00Z', note: 'no' },
    ]);
    expect(bad.ok ? [] : bad.errors.map((e) => e.message)).toEqual([
      '[0].days must be a whole number from 1 to 3650',
      '[1].area must be 1-64 characters of letters, digits and ._:-',
      '[1].effectiveFrom must be an ISO-8601 timestamp with offset, e.g. 2026-03-02T09:30:00+01:00',
      '[2].note is not allowed: unknown field',
    ]);
    expect(validateDeadlinesRequest([])).toMatchObject({ ok: false, errors: [{ field: 'body', rule: 'isArray' }] });
    expect(validateDeadlinesRequest(JSON.parse('[{"area":"x","days":1,"effectiveFrom":"2026-01-01T00:00:00Z","constructor":1}]'))).toEqual({
      ok: false,
      errors: [{ field: '[0].constructor', rule: 'unknownField', message: '[0].constructor is not allowed: unknown field' }],
    });
    expect(validateDeadlinesRequest({ area: 'x' })).toMatchObject({ ok: false });
  });
});
