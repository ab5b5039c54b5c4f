import { TZDate } from '@date-fns/tz';
import type { FeedCalendar } from '../alerting-config';

const ZONE = 'Europe/Copenhagen';
/** Ten years of days: a search further than that has no working day to find (a calendar without any). */
const MAX_DAYS = 3_660;

interface CalendarDay {
  start: number;
  end: number;
  working: boolean;
}

/**
 * The working time in [from, to): the milliseconds that fall on working days, by the Europe/Copenhagen calendar
 * (a day of 23 or 25 hours across daylight saving counts as long as it really is). A feed silent over a weekend
 * has not been silent for a working day.
 */
export function workingMsBetween(from: number, to: number, calendar: FeedCalendar): number {
  let total = 0;
  for (let day = dayOf(from, calendar); day.start < to; day = dayOf(day.end, calendar)) {
    if (day.working) total += Math.min(day.end, to) - Math.max(day.start, from);
  }
  return total;
}

/** The first moment at which `ms` of working time have passed since `from` (Infinity if there is none). */
export function addWorkingMs(from: number, ms: number, calendar: FeedCalendar): number {
  let remaining = ms;
  let day = dayOf(from, calendar);
  for (let count = 0; count < MAX_DAYS; count++, day = dayOf(day.end, calendar)) {
    if (!day.working) continue;
    const start = Math.max(day.start, from);
    if (remaining <= day.end - start) return start + remaining;
    remaining -= day.end - start;
  }
  return Infinity;
}

function dayOf(moment: number, calendar: FeedCalendar): CalendarDay {
  const local = new TZDate(moment, ZONE);
  const [year, month, date] = [local.getFullYear(), local.getMonth(), local.getDate()];
  const start = new TZDate(year, month, date, ZONE).getTime();
  const end = new TZDate(year, month, date + 1, ZONE).getTime();
  const isoWeekday = ((local.getDay() + 6) % 7) + 1;
  const working = calendar.workingDays.has(isoWeekday) && !(calendar.holidays === 'dk' && isDanishHoliday(year, month + 1, date));
  return { start, end, working };
}

/**
 * The days Danish public offices are closed: the public holidays of helligdagsloven (Store bededag until 2023,
 * when it was abolished) and the days kommuner customarily close (Grundlovsdag, juleaften, nytårsaftensdag).
 */
export function isDanishHoliday(year: number, month: number, date: number): boolean {
  const fixed = [
    [1, 1],
    [6, 5],
    [12, 24],
    [12, 25],
    [12, 26],
    [12, 31],
  ];
  if (fixed.some(([m, d]) => m === month && d === date)) return true;
  const easter = easterSunday(year);
  const offset = Math.round((Date.UTC(year, month - 1, date) - Date.UTC(year, easter.month - 1, easter.date)) / 86_400_000);
  // Skærtorsdag, langfredag, påskedag, 2. påskedag, Kristi himmelfart, pinsedag, 2. pinsedag (+ store bededag).
  return [-3, -2, 0, 1, 39, 49, 50].includes(offset) || (offset === 26 && year <= 2023);
}

/** Easter Sunday of the Gregorian calendar: the anonymous algorithm (Meeus, Astronomical Algorithms, ch. 8). */
export function easterSunday(year: number): { month: number; date: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, date };
}
