import type { KommuneSnapshot } from '@tillidsbarometer/domain';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { nationalOutliers, OUTLIER_INDICATORS, type KommuneProportion } from '../outliers/national-outliers';

/** Serialises the recomputation of NATIONAL_OUTLIER across consumers of one group (each works on its own snapshots). */
const OUTLIERS_LOCK = 7_230_071;

/**
 * Stores a validated snapshot in the caller's transaction: once (a snapshot id seen before changes nothing), with its
 * published warnings; when it is the kommune's newest (by as_of, then computed_at) it becomes its latest, and its
 * cells replace the kommune's cells that the queries read.
 */
export async function storeSnapshot(
  tx: SqlClient,
  snapshot: KommuneSnapshot,
  bytes: number,
  receivedAt: Date,
): Promise<{ stored: boolean; latest: boolean }> {
  const { rowCount } = await tx.query(
    `INSERT INTO national.snapshots (snapshot_id, kommune, reason, as_of, computed_at, received_at, bytes, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (snapshot_id) DO NOTHING`,
    [
      snapshot.snapshotId,
      snapshot.kommune,
      snapshot.reason,
      snapshot.asOf,
      snapshot.computedAt,
      receivedAt.toISOString(),
      bytes,
      JSON.stringify(snapshot),
    ],
  );
  if (rowCount === 0) return { stored: false, latest: false };
  if (snapshot.warnings.length > 0) {
    await tx.query(
      `INSERT INTO national.kommune_warnings (snapshot_id, kommune, code, department, series, method, parameters, fired_at, cleared_at)
       SELECT $1, $2, x.code, x.department, x.series, x.method, x.parameters, x."firedAt", x."clearedAt"
       FROM json_to_recordset($3::json) AS x(code text, department text, series text, method text, parameters jsonb,
         "firedAt" timestamptz, "clearedAt" timestamptz)`,
      [snapshot.snapshotId, snapshot.kommune, JSON.stringify(snapshot.warnings)],
    );
  }
  const latest = await tx.query(
    `INSERT INTO national.latest AS l (kommune, snapshot_id, as_of, computed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kommune) DO UPDATE SET snapshot_id = excluded.snapshot_id, as_of = excluded.as_of, computed_at = excluded.computed_at
     WHERE (excluded.as_of, excluded.computed_at, excluded.snapshot_id) > (l.as_of, l.computed_at, l.snapshot_id)`,
    [snapshot.kommune, snapshot.snapshotId, snapshot.asOf, snapshot.computedAt],
  );
  if (latest.rowCount === 0) return { stored: true, latest: false };
  // The kommune's figures as the queries read them: its latest snapshot's cells, replacing the ones before.
  const cell = (c: Record<string, unknown>, at: string | null, department: string | null) => ({
    indicator: c.indicator,
    window_days: c.window,
    department,
    at,
    kind: c.kind,
    suppressed: c.suppressed,
    value: c.value ?? null,
    numerator: c.numerator ?? null,
    denominator: c.denominator ?? null,
    count: c.count ?? null,
    with_notice: c.withNotice ?? null,
    without_notice: c.withoutNotice ?? null,
    n: c.n ?? null,
    median: c.median ?? null,
    p90: c.p90 ?? null,
  });
  const rows = [...snapshot.cells.map((c) => cell(c, null, c.department)), ...snapshot.trend.map((c) => cell(c, c.at, null))];
  await tx.query('DELETE FROM national.latest_cells WHERE kommune = $1', [snapshot.kommune]);
  await tx.query(
    `INSERT INTO national.latest_cells (snapshot_id, kommune, indicator, window_days, department, at, kind, suppressed, value, numerator,
         denominator, count, with_notice, without_notice, n, median, p90)
       SELECT $1, $2, x.indicator, x.window_days, x.department, x.at, x.kind, x.suppressed, x.value, x.numerator, x.denominator,
         x.count, x.with_notice, x.without_notice, x.n, x.median, x.p90
       FROM json_to_recordset($3::json) AS x(indicator text, window_days integer, department text, at timestamptz, kind text,
         suppressed boolean, value float8, numerator float8, denominator float8, count integer, with_notice integer,
         without_notice integer, n integer, median float8, p90 float8)`,
    [snapshot.snapshotId, snapshot.kommune, JSON.stringify(rows)],
  );
  return { stored: true, latest: true };
}

/**
 * Recomputes NATIONAL_OUTLIER over the latest snapshots (a new one moves the national rate, and so every kommune's
 * limits): a kommune newly outside opens an episode, one back inside closes it. The moment of both is the newest
 * as_of of the national picture, which only moves forward.
 */
export async function updateOutliers(tx: SqlClient, window: number, winsorisation: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [OUTLIERS_LOCK]);
  const { rows } = await tx.query<KommuneProportion & { indicator: string; as_of: Date }>(
    `SELECT l.kommune, l.as_of, c.indicator, c.numerator, c.denominator
     FROM national.latest l JOIN national.latest_cells c ON c.kommune = l.kommune
     WHERE c.indicator = ANY($2::text[]) AND c.window_days = $1 AND c.at IS NULL AND c.department IS NULL AND NOT c.suppressed
     ORDER BY l.kommune`,
    [window, OUTLIER_INDICATORS],
  );
  const moment = (await tx.query<{ moment: Date | null }>('SELECT max(as_of) AS moment FROM national.latest')).rows[0]?.moment;
  if (!moment) return;
  const outside = OUTLIER_INDICATORS.flatMap((indicator) =>
    nationalOutliers(
      indicator,
      window,
      rows.filter((row) => row.indicator === indicator),
      winsorisation,
    ),
  );
  const open = await tx.query<{ kommune: string; indicator: string }>(
    'SELECT kommune, indicator FROM national.outliers WHERE cleared_at IS NULL AND window_days = $1',
    [window],
  );
  const key = (o: { kommune: string; indicator: string }) => `${o.kommune}|${o.indicator}`;
  const outsideKeys = new Set(outside.map(key));
  const toClear = open.rows.filter((o) => !outsideKeys.has(key(o)));
  if (toClear.length > 0) {
    // An episode that fired at this very moment lasted no time in the data: it is removed rather than closed, so that
    // it can open again at the same moment without two episodes starting together.
    await tx.query(
      `WITH x AS (SELECT * FROM json_to_recordset($3::json) AS x(kommune text, indicator text)),
       gone AS (DELETE FROM national.outliers o USING x WHERE o.cleared_at IS NULL AND o.window_days = $1
                AND o.kommune = x.kommune AND o.indicator = x.indicator AND o.fired_at = $2)
       UPDATE national.outliers o SET cleared_at = $2 FROM x
       WHERE o.cleared_at IS NULL AND o.window_days = $1 AND o.kommune = x.kommune AND o.indicator = x.indicator AND o.fired_at < $2`,
      [window, moment.toISOString(), JSON.stringify(toClear)],
    );
  }
  if (outside.length > 0) {
    // A new episode fires at the moment; one that holds keeps its moment and gets the latest figures.
    await tx.query(
      `INSERT INTO national.outliers AS o (kommune, indicator, window_days, fired_at, cleared_at, details)
       SELECT x.kommune, x.indicator, $1, $2, NULL, x.details FROM json_to_recordset($3::json) AS x(kommune text, indicator text, details jsonb)
       ON CONFLICT (kommune, indicator, window_days) WHERE cleared_at IS NULL DO UPDATE SET details = excluded.details`,
      [window, moment.toISOString(), JSON.stringify(outside.map(({ kommune, indicator, details }) => ({ kommune, indicator, details })))],
    );
  }
}
