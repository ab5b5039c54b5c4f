import type { AlertCode, Severity } from './alert-codes';

/** An alert row as the alerting stores it. */
export interface AlertRow {
  key: string;
  id: string;
  kommune: string;
  code: AlertCode;
  severity: Severity;
  source: 'flag' | 'warning' | 'feed';
  case_id: string | null;
  raised_at: Date;
  cleared_at: Date | null;
  details: Record<string, unknown>;
  status: 'firing' | 'resolved';
  /** When this episode was first seen firing; null for the baseline (never notified). */
  fired_seen_at: Date | null;
  acknowledged_at: Date | null;
}

/** One alert of a webhook's body, exactly as CONTRACT.md section 6 gives it. */
export interface NotifiedAlert {
  key: string;
  code: AlertCode;
  kommune: string;
  status: 'firing' | 'resolved';
  raisedAt: string;
  clearedAt?: string;
  caseId?: string;
  details: Record<string, unknown>;
}

/**
 * An alert as the API lists it and the live stream sends it: the contract's fields, plus `id` (for the
 * acknowledgement), `severity`, and `acknowledgedAt` once acknowledged. The listing adds whether it is held
 * back right now (`silenced`, `inhibited`).
 */
export interface AlertView extends NotifiedAlert {
  id: string;
  severity: Severity;
  acknowledgedAt?: string;
  silenced?: boolean;
  inhibited?: boolean;
}

export function notifiedAlert(row: AlertRow, status: 'firing' | 'resolved' = row.status): NotifiedAlert {
  return {
    key: row.key,
    code: row.code,
    kommune: row.kommune,
    status,
    raisedAt: row.raised_at.toISOString(),
    ...(status === 'resolved' && row.cleared_at ? { clearedAt: row.cleared_at.toISOString() } : {}),
    ...(row.case_id === null ? {} : { caseId: row.case_id }),
    details: row.details,
  };
}

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    ...notifiedAlert(row),
    severity: row.severity,
    ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at.toISOString() } : {}),
  };
}
