import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { assertKommuneAccess, type Principal } from '@tillidsbarometer/auth';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { DELAYED_HELP_CODES, type AlertCode } from '../alert-codes';
import { ALERTING_WAKE } from '../alerting.schema';
import { alertView, type AlertRow, type AlertView } from '../alert-view';
import { inhibitedSql, silencedSql } from '../notify/muted.sql';
import { assertUuid } from '../request-body';

export const ALERT_STATUSES = ['firing', 'resolved', 'all'] as const;

export interface AlertFilter {
  status: (typeof ALERT_STATUSES)[number];
  code: AlertCode | null;
  acknowledged: boolean | null;
  limit: number;
}

@Injectable()
export class AlertsStore {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A kommune's alerts, newest first, each saying whether it is held back now (silenced, inhibited). */
  async list(kommune: string, filter: AlertFilter): Promise<AlertView[]> {
    const { rows } = await this.db.query<AlertRow & { silenced: boolean; inhibited: boolean }>(
      `SELECT a.*, ${silencedSql(2)} AS silenced, (a.code = ANY($3::text[]) AND ${inhibitedSql()}) AS inhibited
       FROM alerting.alerts a
       WHERE a.kommune = $1 AND ($4::text = 'all' OR a.status = $4) AND ($5::text IS NULL OR a.code = $5)
         AND ($6::boolean IS NULL OR (a.acknowledged_at IS NOT NULL) = $6)
       ORDER BY a.raised_at DESC, a.key LIMIT $7`,
      [kommune, this.clock(), DELAYED_HELP_CODES, filter.status, filter.code, filter.acknowledged, filter.limit],
    );
    return rows.map((row) => ({ ...alertView(row), silenced: row.silenced, inhibited: row.inhibited }));
  }

  /**
   * Acknowledges an alert: it is shown as acknowledged and not notified firing again (it is still notified
   * resolved to whoever was told it fired). Acknowledging twice keeps the first moment. An alert that fires
   * again after it was resolved is a new episode, unacknowledged.
   */
  async acknowledge(id: string, principal: Principal): Promise<AlertView> {
    assertUuid(id, 'alert');
    const { rows: found } = await this.db.query<{ kommune: string }>('SELECT kommune FROM alerting.alerts WHERE id = $1', [id]);
    if (!found[0]) throw new NotFoundException(`no alert has id ${id}`);
    assertKommuneAccess(principal, found[0].kommune);
    const row = await this.db.transaction(async (tx) => {
      await tx.query('UPDATE alerting.alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL', [
        id,
        this.clock(),
        principal.subject,
      ]);
      await tx.query('SELECT pg_notify($1, $2)', [ALERTING_WAKE, 'acknowledged']);
      return (await tx.query<AlertRow>('SELECT * FROM alerting.alerts WHERE id = $1', [id])).rows[0]!;
    });
    return alertView(row);
  }
}
