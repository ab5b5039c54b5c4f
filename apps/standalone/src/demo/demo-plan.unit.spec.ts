import { demoPlan, DEMO_SCALE, DEMO_SEED } from './demo-plan';

describe('demoPlan', () => {
  it('covers the 730 days up to today 00:00 UTC, with the fixed seed and scale', () => {
    const plan = demoPlan(new Date('2026-11-30T13:45:12Z'));
    expect(plan).toMatchObject({ seed: DEMO_SEED, scale: DEMO_SCALE, from: '2024-11-30T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' });
    expect(plan.kommuner).toBeUndefined();
  });

  it('starts each deterioration on a Monday 00:00 UTC, whole weeks before the last Monday', () => {
    // 2026-11-30 is a Monday: 10 weeks earlier is 2026-09-21, 8 weeks 2026-10-05, 12 weeks 2026-09-07, 6 weeks 2026-10-19.
    const plan = demoPlan(new Date('2026-12-02T08:00:00Z'));
    expect(plan.deteriorations.map((d) => [d.kommune, d.fromWeek])).toEqual([
      ['101', '2026-09-21T00:00:00.000Z'],
      ['751', '2026-10-05T00:00:00.000Z'],
      ['461', '2026-09-07T00:00:00.000Z'],
      ['851', '2026-10-19T00:00:00.000Z'],
    ]);
    for (const { fromWeek } of plan.deteriorations) expect(new Date(fromWeek).getUTCDay()).toBe(1);
  });

  it('keeps only the deteriorations of the kommuner asked for', () => {
    const plan = demoPlan(new Date('2026-11-30T00:00:00Z'), 0.01, ['101', '147']);
    expect(plan.kommuner).toEqual(['101', '147']);
    expect(plan.deteriorations.map((d) => d.kommune)).toEqual(['101']);
  });
});
