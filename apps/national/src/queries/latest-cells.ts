import type { SnapshotFigureKind } from '@tillidsbarometer/domain';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { proportion } from '@tillidsbarometer/indicators';

export interface LatestCell {
  kommune: string;
  asOf: Date;
  indicator: string;
  window: number;
  department: string | null;
  /** null for the cells as of the snapshot's asOf; the month end of a trend cell. */
  at: Date | null;
  kind: SnapshotFigureKind;
  suppressed: boolean;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  withNotice: number | null;
  withoutNotice: number | null;
  n: number | null;
  median: number | null;
  p90: number | null;
}

interface CellRow {
  kommune: string;
  as_of: Date;
  indicator: string;
  window_days: number;
  department: string | null;
  at: Date | null;
  kind: SnapshotFigureKind;
  suppressed: boolean;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  with_notice: number | null;
  without_notice: number | null;
  n: number | null;
  median: number | null;
  p90: number | null;
}

/**
 * The cells of each kommune's latest snapshot for one window (and optionally one indicator, one department or the
 * whole kommune, and the trend instead of the current cells): the rows every national query starts from.
 */
export async function latestCells(
  db: SqlClient,
  filter: { window: number; indicator?: string; department?: string | null; trend?: boolean },
): Promise<LatestCell[]> {
  // Conditions written out (not CASE over parameters), so that the (indicator, window_days) index is used.
  const params: unknown[] = [filter.window];
  const where = ['c.window_days = $1', filter.trend ? 'c.at IS NOT NULL' : 'c.at IS NULL'];
  if (filter.indicator !== undefined) where.push(`c.indicator = $${params.push(filter.indicator)}`);
  if (filter.department === null) where.push('c.department IS NULL');
  else if (filter.department !== undefined) where.push(`c.department = $${params.push(filter.department)}`);
  const { rows } = await db.query<CellRow>(
    `SELECT l.kommune, l.as_of, c.indicator, c.window_days, c.department, c.at, c.kind, c.suppressed, c.value, c.numerator,
       c.denominator, c.count, c.with_notice, c.without_notice, c.n, c.median, c.p90
     FROM national.latest l JOIN national.latest_cells c ON c.kommune = l.kommune
     WHERE ${where.join(' AND ')}
     ORDER BY l.kommune, c.indicator, c.at`,
    params,
  );
  return rows.map((row) => ({
    kommune: row.kommune,
    asOf: row.as_of,
    indicator: row.indicator,
    window: row.window_days,
    department: row.department,
    at: row.at,
    kind: row.kind,
    suppressed: row.suppressed,
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    count: row.count,
    withNotice: row.with_notice,
    withoutNotice: row.without_notice,
    n: row.n,
    median: row.median,
    p90: row.p90,
  }));
}

/** Scale of a rate's value over its parts (complaints are per 100 decisions). */
export const RATE_SCALE: Record<string, number> = { complaints_per_100_decisions: 100 };

/** The Wilson interval of a published proportion: derived from its parts, so the snapshot need not carry it. */
export function ci95Of(cell: { kind: SnapshotFigureKind; numerator: number | null; denominator: number | null }): [number, number] | null {
  if ((cell.kind !== 'proportion' && cell.kind !== 'count_proportion') || cell.numerator === null || !cell.denominator) return null;
  return proportion(cell.numerator, cell.denominator).ci95;
}
