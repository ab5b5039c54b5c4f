import { TZDate } from '@date-fns/tz';

/** The contract's day: exactly 86,400 s, never a calendar day (CONTRACT.md: `deadlineAt = receivedAt + days × 86,400 s`). */
export const DAY_MS = 86_400_000;

/**
 * A calendar date (`plannedStart`, YYYY-MM-DD) as the instant the contract means by it: 00:00 Europe/Copenhagen
 * on that date, CET or CEST as on that date. In milliseconds since the epoch.
 */
export function copenhagenMidnight(date: string): number {
  const known = midnights.get(date);
  if (known !== undefined) return known;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  const midnight = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 'Europe/Copenhagen').getTime();
  if (midnights.size >= 100_000) midnights.clear(); // a few centuries of dates; the bound only guards memory
  midnights.set(date, midnight);
  return midnight;
}

/** Resolving a zone offset is costly and a projection asks for the same few hundred dates again and again. */
const midnights = new Map<string, number>();
