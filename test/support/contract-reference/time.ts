/*
 * Time for the reference: every instant is a number of milliseconds since the epoch, every duration in days is
 * an exact multiple of 86,400,000 ms (CONTRACT.md; docs/contract-readings.md "Time").
 */

export const DAY_MS = 86_400_000;

/** An ISO-8601 timestamp with offset as milliseconds since the epoch; throws on anything else. */
export function toMs(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${timestamp}`);
  return ms;
}

/** Milliseconds as ISO-8601 UTC with milliseconds, as the answers carry them. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The wall clock in Copenhagen at an instant. */
const COPENHAGEN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function copenhagenWallClock(ms: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of COPENHAGEN.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? NaN,
    month: parts['month'] ?? NaN,
    day: parts['day'] ?? NaN,
    hour: parts['hour'] ?? NaN,
    minute: parts['minute'] ?? NaN,
    second: parts['second'] ?? NaN,
  };
}

const midnights = new Map<string, number>();

/**
 * A calendar date (YYYY-MM-DD) as the instant of 00:00 Europe/Copenhagen on that date (CET or CEST, as on that
 * date). Searches the UTC offsets (in quarter hours) for the one instant whose Copenhagen wall clock reads that
 * date at 00:00:00.
 */
export function copenhagenMidnight(date: string): number {
  const cached = midnights.get(date);
  if (cached !== undefined) return cached;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const wallAsUtc = Date.UTC(year, month - 1, day);
  for (let offsetMinutes = -12 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
    const candidate = wallAsUtc - offsetMinutes * 60_000;
    const wall = copenhagenWallClock(candidate);
    if (wall.year === year && wall.month === month && wall.day === day && wall.hour === 0 && wall.minute === 0 && wall.second === 0) {
      midnights.set(date, candidate);
      return candidate;
    }
  }
  throw new Error(`no 00:00 in Europe/Copenhagen on ${date}`);
}
