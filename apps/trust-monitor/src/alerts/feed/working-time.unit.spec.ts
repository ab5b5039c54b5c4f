import { addWorkingMs, easterSunday, isDanishHoliday, workingMsBetween } from './working-time';

const HOUR = 3_600_000;
const weekdays = { workingDays: new Set([1, 2, 3, 4, 5]), holidays: 'dk' as const };
const everyDay = { workingDays: new Set([1, 2, 3, 4, 5, 6, 7]), holidays: 'none' as const };
const at = (iso: string) => Date.parse(iso);

describe('Easter and the Danish closed days', () => {
  it('finds Easter Sunday as the published tables give it', () => {
    // Published dates: 2000-04-23, 2019-04-21, 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2038-04-25.
    expect(easterSunday(2000)).toEqual({ month: 4, date: 23 });
    expect(easterSunday(2019)).toEqual({ month: 4, date: 21 });
    expect(easterSunday(2024)).toEqual({ month: 3, date: 31 });
    expect(easterSunday(2025)).toEqual({ month: 4, date: 20 });
    expect(easterSunday(2026)).toEqual({ month: 4, date: 5 });
    expect(easterSunday(2027)).toEqual({ month: 3, date: 28 });
    expect(easterSunday(2038)).toEqual({ month: 4, date: 25 });
  });

  it('knows the movable and fixed holidays of 2026', () => {
    // Easter 5 April 2026: skærtorsdag 2 Apr, langfredag 3 Apr, 2. påskedag 6 Apr, Kr. himmelfart 14 May
    // (5 Apr + 39 days), 2. pinsedag 25 May (5 Apr + 50 days).
    for (const [m, d] of [
      [4, 2],
      [4, 3],
      [4, 6],
      [5, 14],
      [5, 25],
      [1, 1],
      [6, 5],
      [12, 24],
      [12, 25],
      [12, 26],
      [12, 31],
    ]) {
      expect([m, d, isDanishHoliday(2026, m!, d!)]).toEqual([m, d, true]);
    }
    for (const [m, d] of [
      [4, 1],
      [4, 7],
      [5, 1],
      [5, 15],
      [6, 4],
      [12, 23],
    ]) {
      expect([m, d, isDanishHoliday(2026, m!, d!)]).toEqual([m, d, false]);
    }
    // Store bededag (Easter + 26 days): 5 May 2023 was one, 1 May 2026 would have been and is not.
    expect(isDanishHoliday(2023, 5, 5)).toBe(true);
    expect(isDanishHoliday(2026, 5, 1)).toBe(false);
  });
});

describe('working time on the Copenhagen calendar', () => {
  it('does not count a weekend', () => {
    // Friday 2026-03-06 15:00 CET (14:00Z) to Monday 2026-03-09 15:00 CET: Friday 15:00-24:00 is 9 h,
    // Saturday and Sunday count nothing, Monday 00:00-15:00 is 15 h: 24 h.
    expect(workingMsBetween(at('2026-03-06T14:00:00Z'), at('2026-03-09T14:00:00Z'), weekdays)).toBe(24 * HOUR);
    expect(workingMsBetween(at('2026-03-06T14:00:00Z'), at('2026-03-09T14:00:00Z'), everyDay)).toBe(72 * HOUR);
    // So 24 working hours after Friday 15:00 CET is Monday 15:00 CET.
    expect(addWorkingMs(at('2026-03-06T14:00:00Z'), 24 * HOUR, weekdays)).toBe(at('2026-03-09T14:00:00Z'));
  });

  it('starts counting on Monday for silence that began at the weekend', () => {
    // Saturday 2026-03-07 10:00 CET; 2 working hours later is Monday 00:00 + 2 h CET = Monday 01:00Z.
    expect(addWorkingMs(at('2026-03-07T09:00:00Z'), 2 * HOUR, weekdays)).toBe(at('2026-03-09T01:00:00Z'));
  });

  it('skips the Easter days', () => {
    // Wednesday 2026-04-01 12:00 CEST (10:00Z). Thursday 2 Apr to Monday 6 Apr are closed (skærtorsdag,
    // langfredag, weekend, 2. påskedag). Wednesday 12:00-24:00 is 12 h; 12 more on Tuesday 7 Apr: 12:00 CEST.
    expect(addWorkingMs(at('2026-04-01T10:00:00Z'), 24 * HOUR, weekdays)).toBe(at('2026-04-07T10:00:00Z'));
    expect(workingMsBetween(at('2026-04-01T10:00:00Z'), at('2026-04-07T10:00:00Z'), weekdays)).toBe(24 * HOUR);
  });

  it('counts the 23-hour day of the spring daylight-saving change as 23 hours', () => {
    // Sunday 2026-03-29 is 23 h long in Copenhagen; with every day working, 00:00 CET (28 Mar 23:00Z) to
    // Monday 00:00 CEST (29 Mar 22:00Z) is 23 h.
    expect(workingMsBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), everyDay)).toBe(23 * HOUR);
    expect(addWorkingMs(at('2026-03-28T23:00:00Z'), 23 * HOUR, everyDay)).toBe(at('2026-03-29T22:00:00Z'));
  });
});
