import {
  DAY_MS,
  DEPARTMENTS,
  SNAPSHOT_TREND_INDICATORS,
  SNAPSHOT_TREND_MONTHS,
  SNAPSHOT_WARNING_CODES,
  SNAPSHOT_WINDOWS,
  type Department,
  type SnapshotMeasurement,
  type SnapshotReason,
  type SnapshotWarning,
  type SnapshotWindow,
} from '@tillidsbarometer/domain';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { computeIndicators } from '../../indicators/indicator-queries';
import { stepEnds } from '../../queries/get-indicator-series/step-ends';
import { listWarnings } from '../../warnings/warnings.store';
import type { RawCell, RawTrendPoint, SnapshotFacts } from './build-kommune-snapshot';

/** Closed measurements a snapshot carries: the newest few of the last two years. */
const MEASUREMENTS_KEPT = 8;
const MEASUREMENT_HORIZON_MS = 730 * DAY_MS;
/** Warnings that stopped holding more than a year before the snapshot are history the national side has already seen. */
const CLEARED_WARNING_HORIZON_MS = 365 * DAY_MS;
const CODE = /^[A-Za-z0-9._:-]{1,64}$/;

export interface SnapshotRequest {
  snapshotId: string;
  kommune: string;
  reason: SnapshotReason;
  asOf: Date;
  computedAt: Date;
}

/**
 * Everything a snapshot is built from, read from the kommune's read model in the caller's transaction (so that the
 * whole-kommune cells and the department cells come from one state of the facts): the indicators of every window
 * and department with `computeIndicators`, as the kommune's own API answers them, the cases behind the case-day
 * rates, the trend at the last 12 month ends, the closed measurements and the warnings.
 */
export async function gatherSnapshotFacts(client: SqlClient, request: SnapshotRequest): Promise<SnapshotFacts> {
  const { kommune, asOf } = request;
  const db = oneAtATime(client);
  const casesOpen = await casesOpenInWindows(db, kommune, asOf);
  const cells: RawCell[] = [];
  for (const window of SNAPSHOT_WINDOWS) {
    for (const department of [null, ...DEPARTMENTS] as Array<Department | null>) {
      const { indicators } = await computeIndicators(db, { kommune, asOf, window, department });
      const open = casesOpen.get(window)!;
      const casesOpenInWindow = department === null ? [...open.values()].reduce((sum, n) => sum + n, 0) : (open.get(department) ?? 0);
      cells.push({ window, department, indicators, casesOpenInWindow });
    }
  }
  const trend: RawTrendPoint[] = [];
  for (const at of trendMoments(asOf)) {
    for (const window of SNAPSHOT_WINDOWS) {
      const { indicators } = await computeIndicators(db, { kommune, asOf: at, window, department: null }, SNAPSHOT_TREND_INDICATORS);
      trend.push({ at, window, indicators });
    }
  }
  return {
    ...request,
    cells,
    trend,
    measurements: await closedMeasurements(db, kommune, asOf),
    warnings: await publishedWarnings(db, kommune, asOf),
  };
}

/**
 * computeIndicators runs its statements concurrently, which a pool spreads over connections; in a transaction they
 * share one, where node-postgres would queue them with a deprecation warning. Here they take turns explicitly.
 */
function oneAtATime(client: SqlClient): SqlClient {
  let turn: Promise<unknown> = Promise.resolve();
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => undefined);
    return result;
  };
  return {
    query: (text, params) => queued(() => client.query(text, params)),
    queryRows: (text, params) => queued(() => client.queryRows(text, params)),
    exec: (script) => queued(() => client.exec(script)),
  };
}

/** The last 12 month ends (the 1st, 00:00 Europe/Copenhagen) at or before asOf, oldest first. */
export function trendMoments(asOf: Date): Date[] {
  return stepEnds('month', new Date(asOf.getTime() - 400 * DAY_MS), asOf).slice(-SNAPSHOT_TREND_MONTHS);
}

/**
 * Per window and department, the cases with some case-days in the window (received before asOf and not closed
 * before the window began): the units behind the exposure of caseworker_changes_per_case_year and
 * personal_contacts_per_case_month, which the primary rule counts as well as the exposure itself.
 */
async function casesOpenInWindows(db: SqlClient, kommune: string, asOf: Date): Promise<Map<SnapshotWindow, Map<string, number>>> {
  const starts = SNAPSHOT_WINDOWS.map((window) => new Date(asOf.getTime() - window * DAY_MS).toISOString());
  const end = `(CASE WHEN c.closed_at <= $2::timestamptz THEN c.closed_at ELSE $2::timestamptz END)`;
  const { rows } = await db.query<Record<string, string | number>>(
    `SELECT c.department,
       count(*) FILTER (WHERE ${end} > GREATEST(c.received_at, $3::timestamptz)) AS w0,
       count(*) FILTER (WHERE ${end} > GREATEST(c.received_at, $4::timestamptz)) AS w1,
       count(*) FILTER (WHERE ${end} > GREATEST(c.received_at, $5::timestamptz)) AS w2
     FROM trust_monitor.cases c
     WHERE c.kommune = $1 AND c.received_at < $2::timestamptz AND (c.closed_at IS NULL OR c.closed_at > $5::timestamptz)
     GROUP BY c.department`,
    [kommune, asOf.toISOString(), ...starts],
  );
  return new Map(SNAPSHOT_WINDOWS.map((window, i) => [window, new Map(rows.map((row) => [String(row.department), Number(row[`w${i}`])]))]));
}

async function closedMeasurements(db: SqlClient, kommune: string, asOf: Date): Promise<SnapshotMeasurement[]> {
  const { rows } = await db.query<{ results: SnapshotMeasurement }>(
    `SELECT results FROM national_feed.closed_measurements
     WHERE kommune = $1 AND closed_at <= $2 AND closed_at > $3
     ORDER BY closed_at DESC, measurement_id LIMIT $4`,
    [kommune, asOf.toISOString(), new Date(asOf.getTime() - MEASUREMENT_HORIZON_MS).toISOString(), MEASUREMENTS_KEPT],
  );
  return rows.map((row) => row.results);
}

/**
 * The kommune's DELAYED_HELP_DETERIORATION and TRUST_DROP warnings that fired by asOf and hold, or stopped within a
 * year: method, parameters, series and moments, never their details (observed counts of any size).
 */
async function publishedWarnings(db: SqlClient, kommune: string, asOf: Date): Promise<SnapshotWarning[]> {
  const horizon = asOf.getTime() - CLEARED_WARNING_HORIZON_MS;
  return (await listWarnings(db, { kommune }))
    .filter((w) => (SNAPSHOT_WARNING_CODES as readonly string[]).includes(w.code))
    .filter((w) => Date.parse(w.firedAt) <= asOf.getTime() && (w.clearedAt === null || Date.parse(w.clearedAt) > horizon))
    .filter((w) => CODE.test(w.series) && CODE.test(w.method))
    .map((w) => ({
      code: w.code as SnapshotWarning['code'],
      department: w.department as Department | null,
      series: w.series,
      method: w.method,
      parameters: Object.fromEntries(
        Object.entries(w.parameters).filter(
          ([key, value]) =>
            CODE.test(key) &&
            (typeof value === 'boolean' ||
              (typeof value === 'number' && Number.isFinite(value)) ||
              (typeof value === 'string' && CODE.test(value))),
        ),
      ),
      firedAt: new Date(w.firedAt).toISOString(),
      // A clearing after asOf has not happened yet as of the snapshot.
      clearedAt: w.clearedAt !== null && Date.parse(w.clearedAt) <= asOf.getTime() ? new Date(w.clearedAt).toISOString() : null,
    }));
}
