import { TZDate } from '@date-fns/tz';
import type { SeriesStep } from './get-indicator-series.query';

const ZONE = 'Europe/Copenhagen';

/**
 * The ends of the calendar weeks (Monday 00:00) or months (the 1st, 00:00) in Europe/Copenhagen that fall in
 * `(from, to]`: the moments a chart's points are evaluated at, so that a point covers whole weeks or months as
 * the kommune's staff count them.
 */
export function stepEnds(step: SeriesStep, from: Date, to: Date): Date[] {
  const local = new TZDate(from.getTime(), ZONE);
  let next =
    step === 'month'
      ? new TZDate(local.getFullYear(), local.getMonth() + 1, 1, ZONE)
      : new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + ((8 - local.getDay()) % 7 || 7), ZONE);
  const ends: Date[] = [];
  while (next.getTime() <= to.getTime()) {
    ends.push(new Date(next.getTime()));
    next =
      step === 'month'
        ? new TZDate(next.getFullYear(), next.getMonth() + 1, 1, ZONE)
        : new TZDate(next.getFullYear(), next.getMonth(), next.getDate() + 7, ZONE);
  }
  return ends;
}
