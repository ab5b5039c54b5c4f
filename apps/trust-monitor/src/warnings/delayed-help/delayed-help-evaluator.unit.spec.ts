import { nextWeekEnd } from './delayed-help-evaluator.service';

describe('the evaluator’s schedule', () => {
  it('wakes at the next Monday 00:00 Europe/Copenhagen, in summer and winter time', () => {
    // Wednesday 25 March 2026 (CET): Monday 30 March 00:00 is already summer time, 29 Mar 22:00Z.
    expect(nextWeekEnd(new Date('2026-03-25T12:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Sunday 25 October 2026, after the change back: Monday 26 October 00:00 CET = 25 Oct 23:00Z.
    expect(nextWeekEnd(new Date('2026-10-25T12:00:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('takes the following Monday when it is Monday 00:00 exactly', () => {
    expect(nextWeekEnd(new Date('2026-11-29T23:00:00Z')).toISOString()).toBe('2026-12-06T23:00:00.000Z');
  });
});
