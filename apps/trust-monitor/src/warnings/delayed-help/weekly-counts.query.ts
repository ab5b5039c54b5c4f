import type { SqlClient } from '@tillidsbarometer/event-store';
import { stepEnds } from '../../queries/get-indicator-series/step-ends';
import { addCount, emptyWeeklyCounts, type DelayedHelpSeries, type KommuneWeeklyCounts } from './kommune-deterioration';

const DAY_MS = 86_400_000;

/**
 * The weekly counts of both series, per department, from the trust monitor's facts (one statement). Weeks are the
 * calendar weeks of Europe/Copenhagen, Monday 00:00 to Monday 00:00 with the end included ("in window" is (start, end]
 * everywhere in the product); their boundaries are computed here, never with day intervals in SQL (which follow the
 * session's time zone across daylight saving), and passed as an array that `width_bucket` sorts the moments into.
 * `width_bucket` counts the boundaries at or below its operand, so the operand is moved back by one microsecond
 * (timestamptz's resolution) to put a moment that falls exactly on a Monday 00:00 into the week that ends there.
 *
 * - late_first_decisions: cases whose deadlineAt falls in the week, except those closed before deadlineAt; late when
 *   the first decision is not at or before deadlineAt.
 * - late_help_starts: grants whose due date (plannedStart + 14 days) falls in the week, decided by the week's end,
 *   except those whose case closed before the due date; late without a HelpDelivered at or before it (late_help_start).
 * Both are settled by the week's end, so a week's figure is the same whenever it is computed (events arriving late
 * aside: every evaluation recomputes every week).
 */
const STATEMENT = `
WITH bounds AS (SELECT $2::timestamptz[] AS b)
SELECT 'late_first_decisions' AS series, department, week, count(*)::int AS n, count(*) FILTER (WHERE late)::int AS late
FROM (
  SELECT c.department, width_bucket(c.deadline_at - interval '1 microsecond', bounds.b) AS week,
         (c.first_decided_at IS NULL OR c.first_decided_at > c.deadline_at) AS late
  FROM trust_monitor.cases c CROSS JOIN bounds
  WHERE c.kommune = $1 AND c.deadline_at > bounds.b[1] AND c.deadline_at <= bounds.b[cardinality(bounds.b)]
    AND NOT (c.closed_at IS NOT NULL AND c.closed_at < c.deadline_at)
) decisions
GROUP BY department, week
UNION ALL
SELECT 'late_help_starts', department, week, count(*)::int, count(*) FILTER (WHERE late)::int
FROM (
  SELECT d.department, w.week, (d.first_help_at IS NULL OR d.first_help_at > d.help_due_at) AS late
  FROM trust_monitor.decisions d
  JOIN trust_monitor.cases c ON c.kommune = d.kommune AND c.case_id = d.case_id
  CROSS JOIN bounds
  CROSS JOIN LATERAL (SELECT width_bucket(d.help_due_at - interval '1 microsecond', bounds.b) AS week) w
  WHERE d.kommune = $1 AND d.help_due_at > bounds.b[1] AND d.help_due_at <= bounds.b[cardinality(bounds.b)]
    AND d.decided_at <= bounds.b[w.week + 1]
    AND NOT (c.closed_at IS NOT NULL AND c.closed_at < d.help_due_at)
) grants
GROUP BY department, week`;

/**
 * A kommune's weeks: from the week holding its first request to the last week that has ended at `now`. Null when the
 * kommune has no case yet or no week has ended since its first.
 */
export async function kommuneWeekEnds(db: SqlClient, kommune: string, now: Date): Promise<{ start: number; weekEnds: number[] } | null> {
  const { rows } = await db.query<{ first: Date | null }>('SELECT min(received_at) AS first FROM trust_monitor.cases WHERE kommune = $1', [
    kommune,
  ]);
  const first = rows[0]?.first;
  if (!first) return null;
  // The Mondays after a moment 8 days before the first request: the one before the first week end is the start.
  const mondays = stepEnds('week', new Date(first.getTime() - 8 * DAY_MS), now);
  const firstEnd = mondays.findIndex((monday) => monday.getTime() >= first.getTime());
  if (firstEnd < 1) return null;
  return { start: mondays[firstEnd - 1]!.getTime(), weekEnds: mondays.slice(firstEnd).map((monday) => monday.getTime()) };
}

/** The kommune's weekly counts as of `now` (complete weeks only); null when it has none. */
export async function loadWeeklyCounts(db: SqlClient, kommune: string, now: Date): Promise<KommuneWeeklyCounts | null> {
  const weeks = await kommuneWeekEnds(db, kommune, now);
  if (!weeks) return null;
  const bounds = [weeks.start, ...weeks.weekEnds].map((ms) => new Date(ms).toISOString());
  const { rows } = await db.query<{ series: DelayedHelpSeries; department: string; week: number; n: number; late: number }>(STATEMENT, [
    kommune,
    bounds,
  ]);
  const counts = emptyWeeklyCounts(kommune, weeks.weekEnds);
  for (const row of rows) addCount(counts, row.series, row.department, Number(row.week) - 1, Number(row.n), Number(row.late));
  return counts;
}
