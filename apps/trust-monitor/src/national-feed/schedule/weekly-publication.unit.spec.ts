import { nextWeekStart, weekStart } from './weekly-publication';

describe('the weekly publication moment: Monday 00:00 Europe/Copenhagen', () => {
  it('is the latest Monday at or before now, in CET and in CEST', () => {
    // Wednesday 25 November 2026 (CET, UTC+1): Monday 23 November 00:00 CET = 22 November 23:00Z.
    expect(weekStart(new Date('2026-11-25T10:00:00Z')).toISOString()).toBe('2026-11-22T23:00:00.000Z');
    // Thursday 2 July 2026 (CEST, UTC+2): Monday 29 June 00:00 CEST = 28 June 22:00Z.
    expect(weekStart(new Date('2026-07-02T10:00:00Z')).toISOString()).toBe('2026-06-28T22:00:00.000Z');
    // The very moment counts as its own week.
    expect(weekStart(new Date('2026-11-22T23:00:00Z')).toISOString()).toBe('2026-11-22T23:00:00.000Z');
  });

  it('comes next on the following Monday, across the change to summer time', () => {
    // Sunday 29 March 2026 is the change: Monday 30 March 00:00 CEST = 29 March 22:00Z.
    expect(nextWeekStart(new Date('2026-03-27T12:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(nextWeekStart(new Date('2026-11-22T23:00:00Z')).toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });
});
