import type { SqlClient } from '@tillidsbarometer/event-store';
import type { KommuneWarning, WarningCode } from './kommune-warning';

/** The channel on which a change of a kommune's warnings is announced (payload: the kommune code), at commit. */
export const WARNINGS_CHANGED = 'warnings_changed';

interface WarningRow {
  key: string;
  code: WarningCode;
  kommune: string;
  department: string | null;
  series: string;
  method: string;
  parameters: KommuneWarning['parameters'];
  fired_at: Date;
  cleared_at: Date | null;
  details: Record<string, unknown>;
}

/** Writes warnings (a warning with a known key is replaced) and announces the change, in the caller's transaction. */
export async function upsertWarnings(tx: SqlClient, warnings: readonly KommuneWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  await tx.query(
    `INSERT INTO warnings.warnings (key, code, kommune, department, series, method, parameters, fired_at, cleared_at, details)
     SELECT key, code, kommune, department, series, method, parameters, fired_at, cleared_at, details
     FROM json_populate_recordset(NULL::warnings.warnings, $1::json)
     ON CONFLICT (key) DO UPDATE SET parameters = excluded.parameters, cleared_at = excluded.cleared_at, details = excluded.details`,
    [JSON.stringify(warnings.map(toRow))],
  );
  await announce(
    tx,
    warnings.map((w) => w.kommune),
  );
}

/**
 * Replaces every warning of one code in one kommune with `warnings` (a recomputation from scratch): keys that
 * are no longer produced are deleted, so the alerting resolves their alerts.
 */
export async function replaceWarnings(
  tx: SqlClient,
  kommune: string,
  code: WarningCode,
  warnings: readonly KommuneWarning[],
): Promise<void> {
  await tx.query('DELETE FROM warnings.warnings WHERE kommune = $1 AND code = $2 AND NOT (key = ANY($3::text[]))', [
    kommune,
    code,
    warnings.map((w) => w.key),
  ]);
  await upsertWarnings(tx, warnings);
  await announce(tx, [kommune]);
}

export interface WarningFilter {
  kommune?: string;
  code?: WarningCode;
  /** Only warnings that hold at this moment (fired at or before it, not cleared at or before it). */
  firingAt?: Date;
}

export async function listWarnings(db: SqlClient, filter: WarningFilter = {}): Promise<KommuneWarning[]> {
  const { rows } = await db.query<WarningRow>(
    `SELECT * FROM warnings.warnings
     WHERE ($1::text IS NULL OR kommune = $1) AND ($2::text IS NULL OR code = $2)
       AND ($3::timestamptz IS NULL OR (fired_at <= $3 AND (cleared_at IS NULL OR cleared_at > $3)))
     ORDER BY fired_at, key`,
    [filter.kommune ?? null, filter.code ?? null, filter.firingAt?.toISOString() ?? null],
  );
  return rows.map(fromRow);
}

async function announce(tx: SqlClient, kommuner: readonly string[]): Promise<void> {
  for (const kommune of new Set(kommuner)) await tx.query('SELECT pg_notify($1, $2)', [WARNINGS_CHANGED, kommune]);
}

function toRow(warning: KommuneWarning): Omit<WarningRow, 'fired_at' | 'cleared_at'> & { fired_at: string; cleared_at: string | null } {
  const { firedAt, clearedAt, ...rest } = warning;
  return { ...rest, fired_at: firedAt, cleared_at: clearedAt };
}

function fromRow(row: WarningRow): KommuneWarning {
  return {
    key: row.key,
    code: row.code,
    kommune: row.kommune,
    department: row.department,
    series: row.series,
    method: row.method,
    parameters: row.parameters,
    firedAt: row.fired_at.toISOString(),
    clearedAt: row.cleared_at?.toISOString() ?? null,
    details: row.details,
  };
}
