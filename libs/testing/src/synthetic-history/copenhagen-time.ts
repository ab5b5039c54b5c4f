/*
 * Europe/Copenhagen local time in whole epoch seconds, fast enough to call for every generated event (a
 * time-zone library per call would dominate the generator's cost). The EU rule since 1996: CEST (UTC+2)
 * from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, CET (UTC+1) otherwise.
 * A "local day" is a whole number: days since 1970-01-01 on the Copenhagen calendar.
 */

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { floor } = Math;

export const HOUR = 3600;
export const DAY = 86_400;

const SECONDS_PER_GREGORIAN_YEAR = 31_556_952;
/** Per year since 1970, lazily: [summer time starts, summer time ends] in epoch seconds. */
const summers: Array<readonly [number, number] | undefined> = [];

function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0) / 1000;
  return lastDay - new Date(lastDay * 1000).getUTCDay() * DAY + HOUR;
}

function summerOf(year: number): readonly [number, number] {
  const index = year - 1970;
  let summer = summers[index];
  if (summer === undefined) {
    summer = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
    if (index >= 0) summers[index] = summer;
  }
  return summer;
}

/** The offset of Copenhagen local time from UTC at an instant, in seconds. */
export function copenhagenOffset(epochSeconds: number): number {
  // The year may be off by one within a day of New Year, where it makes no difference: summer time is March-October.
  const [start, end] = summerOf(1970 + floor(epochSeconds / SECONDS_PER_GREGORIAN_YEAR));
  return epochSeconds >= start && epochSeconds < end ? 2 * HOUR : HOUR;
}

/** The local day an instant falls on. */
export function localDay(epochSeconds: number): number {
  return floor((epochSeconds + copenhagenOffset(epochSeconds)) / DAY);
}

/** 00:00 Copenhagen on a local day, as epoch seconds (the contract's meaning of a calendar date). */
export function localMidnight(day: number): number {
  // Clocks change at 01:00 UTC, so the offset two hours before UTC midnight is the one in force at local midnight.
  return day * DAY - copenhagenOffset(day * DAY - 2 * HOUR);
}

/** YYYY-MM-DD of a local day. */
export function calendarDate(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isWorkingDay(day: number): boolean {
  return weekday(day) < 5;
}

/** The day itself when it is a working day, else the Monday after. */
export function workingDayOnOrAfter(day: number): number {
  const dow = weekday(day);
  return dow === 5 ? day + 2 : dow === 6 ? day + 1 : day;
}

/** The day itself when it is a working day, else the Friday before. */
export function workingDayOnOrBefore(day: number): number {
  const dow = weekday(day);
  return dow === 5 ? day - 1 : dow === 6 ? day - 2 : day;
}

/** Local hour (0-23) and month (0-11) of an instant. */
export function localHourAndMonth(epochSeconds: number): { hour: number; month: number; day: number } {
  const local = epochSeconds + copenhagenOffset(epochSeconds);
  const day = floor(local / DAY);
  return { hour: floor((local - day * DAY) / HOUR), month: new Date(local * 1000).getUTCMonth(), day };
}

/** The first day of the local month after the one `day` is in. */
export function firstOfNextMonth(day: number): number {
  const date = new Date(day * DAY * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000 / DAY;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedDate = '';

/** ISO-8601 UTC of whole epoch seconds, as Date.prototype.toISOString writes it (which costs several times more). */
export function isoInstant(epochSeconds: number): string {
  const day = floor(epochSeconds / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY * 1000).toISOString().slice(0, 11);
  }
  const second = epochSeconds - day * DAY;
  const hour = floor(second / HOUR);
  const minute = floor((second - hour * HOUR) / 60);
  return `${cachedDate}${TWO_DIGITS[hour]!}:${TWO_DIGITS[minute]!}:${TWO_DIGITS[second - hour * HOUR - minute * 60]!}.000Z`;
}
