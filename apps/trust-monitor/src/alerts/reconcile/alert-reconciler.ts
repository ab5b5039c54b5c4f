import type { SqlClient } from '@tillidsbarometer/event-store';
import { SEVERITY_OF } from '../alert-codes';
import type { AlertingConfig } from '../alerting-config';
import { ALERT_TRANSITIONS } from '../alerting.schema';
import { alertView, type AlertRow } from '../alert-view';
import { addWorkingMs } from '../feed/working-time';

/** Which kommuner's flags and warnings to compare with the alerts: some, or every one (a sweep). */
export interface ReconcileScope {
  flags: readonly string[] | 'all';
  warnings: readonly string[] | 'all';
}

export interface ReconcileResult {
  /** The transitions written (at the baseline, only for what was raised after the alerting started). */
  fired: number;
  resolved: number;
  acknowledged: number;
  baseline: boolean;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Turns the flags open at `now`, the warnings holding at `now` and the stale feeds into the alert set, one
 * set-based statement per kind of change (new, firing again, resolved, acknowledged), never a statement per
 * alert: on first start there may be tens of thousands of open flags. Each change is written as a transition
 * for the live stream, in the same transaction.
 *
 * The very first reconciliation is the baseline: what fires then and was raised before the alerting first ran
 * was firing before it looked, so it is recorded without transitions and never notified (only transitions seen
 * going forward are).
 */
export class AlertReconciler {
  constructor(private readonly config: AlertingConfig) {}

  async reconcile(tx: SqlClient, now: Date, scope: ReconcileScope): Promise<ReconcileResult> {
    const { rows: state } = await tx.query<{ started_at: Date | null; baseline_at: Date | null }>(
      'SELECT started_at, baseline_at FROM alerting.state',
    );
    const baseline = !state[0]?.baseline_at;
    const startedAt = state[0]?.started_at ?? now;
    if (baseline) scope = { flags: 'all', warnings: 'all' };
    await this.collectDesired(tx, now, scope);
    const fired: AlertRow[] = [];

    // Known alerts that fire again (a resolved key that holds once more): a new episode, unacknowledged.
    fired.push(
      ...(
        await tx.query<AlertRow>(
          `UPDATE alerting.alerts a SET status = 'firing', cleared_at = NULL, details = d.details, fired_seen_at = $1,
             resolved_seen_at = NULL, acknowledged_at = NULL, acknowledged_by = NULL, ack_announced = false
           FROM alerting_desired d WHERE a.key = d.key AND a.status = 'resolved' RETURNING a.*`,
          [now],
        )
      ).rows,
    );
    await tx.query(
      `UPDATE alerting.alerts a SET details = d.details FROM alerting_desired d
       WHERE a.key = d.key AND a.status = 'firing' AND a.details IS DISTINCT FROM d.details`,
    );
    const inserted = await tx.query<AlertRow>(
      `INSERT INTO alerting.alerts (key, id, kommune, code, severity, source, case_id, subject, raised_at, details, status, fired_seen_at)
       SELECT d.key, md5(d.key)::uuid, d.kommune, d.code, $2::jsonb ->> d.code, d.source, d.case_id, d.subject, d.raised_at,
         d.details, 'firing', CASE WHEN $3 AND d.raised_at <= $4 THEN NULL ELSE $1::timestamptz END
       FROM alerting_desired d WHERE NOT EXISTS (SELECT 1 FROM alerting.alerts a WHERE a.key = d.key)
       RETURNING *`,
      [now, JSON.stringify(SEVERITY_OF), baseline, startedAt],
    );
    fired.push(...inserted.rows.filter((row) => row.fired_seen_at !== null));

    const resolved = await tx.query<AlertRow>(
      `UPDATE alerting.alerts a SET status = 'resolved', resolved_seen_at = $1,
         cleared_at = LEAST($1, COALESCE(CASE a.source
           WHEN 'flag' THEN (SELECT f.cleared_at FROM trust_monitor.flags f WHERE f.kommune = a.kommune AND f.case_id = a.case_id
                             AND f.code = a.code AND f.subject = a.subject AND f.raised_at = a.raised_at)
           WHEN 'warning' THEN (SELECT w.cleared_at FROM warnings.warnings w WHERE w.key = a.key) END, $1))
       WHERE a.status = 'firing' AND (${inScope('flag', scope.flags, 2)} OR ${inScope('warning', scope.warnings, 3)} OR a.source = 'feed')
         AND NOT EXISTS (SELECT 1 FROM alerting_desired d WHERE d.key = a.key)
       RETURNING a.*`,
      [now, scope.flags === 'all' ? [] : scope.flags, scope.warnings === 'all' ? [] : scope.warnings],
    );
    const acknowledged = await tx.query<AlertRow>(
      `UPDATE alerting.alerts SET ack_announced = true WHERE acknowledged_at IS NOT NULL AND NOT ack_announced RETURNING *`,
    );

    const transitions = [
      ...fired.map((row) => ({ kind: 'firing', row })),
      ...resolved.rows.map((row) => ({ kind: 'resolved', row })),
      ...acknowledged.rows.map((row) => ({ kind: 'acknowledged', row })),
    ];
    if (transitions.length > 0) {
      await tx.query(
        `INSERT INTO alerting.transitions (kommune, kind, at, alert)
         SELECT t.kommune, t.kind, $1, t.alert FROM json_to_recordset($2::json) AS t(kommune text, kind text, alert jsonb)`,
        [now, JSON.stringify(transitions.map(({ kind, row }) => ({ kommune: row.kommune, kind, alert: alertView(row) })))],
      );
      await tx.query('SELECT pg_notify($1, kommune) FROM unnest($2::text[]) AS kommune', [
        ALERT_TRANSITIONS,
        [...new Set(transitions.map((t) => t.row.kommune))],
      ]);
    }
    if (baseline) await tx.query('UPDATE alerting.state SET baseline_at = $1', [now]);
    return { fired: fired.length, resolved: resolved.rows.length, acknowledged: acknowledged.rows.length, baseline };
  }

  /** Notes when the alerting first ran (once): the baseline holds back only what was raised before it. */
  async markStarted(client: SqlClient, now: Date): Promise<void> {
    await client.query('UPDATE alerting.state SET started_at = $1 WHERE started_at IS NULL', [now]);
  }

  /** Ready once the baseline is taken (the projection had caught up and the first reconciliation ran). */
  async baselineTaken(client: SqlClient): Promise<boolean> {
    const { rows } = await client.query<{ baseline_at: Date | null }>('SELECT baseline_at FROM alerting.state');
    return !!rows[0]?.baseline_at;
  }

  /**
   * What should be firing now, in scope: into a temporary table the statements above compare with (empty at the
   * start of every transaction: its rows go at commit, or with a rollback).
   */
  private async collectDesired(tx: SqlClient, now: Date, scope: ReconcileScope): Promise<void> {
    await tx.query(
      `CREATE TEMPORARY TABLE IF NOT EXISTS alerting_desired (
         key text PRIMARY KEY, kommune text NOT NULL, code text NOT NULL, source text NOT NULL, case_id text, subject text,
         raised_at timestamptz NOT NULL, details jsonb NOT NULL
       ) ON COMMIT DELETE ROWS`,
    );
    await tx.query(
      `INSERT INTO alerting_desired
       SELECT 'flag/' || f.kommune || '/' || f.case_id || '/' || f.code || '/' || f.subject || '/' || to_char(f.raised_at AT TIME ZONE 'UTC', ${ISO}),
         f.kommune, f.code, 'flag', f.case_id, f.subject, f.raised_at, jsonb_build_object('department', f.department, 'area', f.area) || f.details
       FROM trust_monitor.flags f
       WHERE ${scope.flags === 'all' ? 'true' : 'f.kommune = ANY($2::text[])'} AND f.raised_at <= $1 AND (f.cleared_at IS NULL OR f.cleared_at > $1)
       ON CONFLICT (key) DO NOTHING`,
      scope.flags === 'all' ? [now] : [now, scope.flags],
    );
    await tx.query(
      `INSERT INTO alerting_desired
       SELECT w.key, w.kommune, w.code, 'warning', NULL, NULL, w.fired_at,
         jsonb_build_object('department', w.department, 'series', w.series, 'method', w.method, 'parameters', w.parameters) || w.details
       FROM warnings.warnings w
       WHERE ${scope.warnings === 'all' ? 'true' : 'w.kommune = ANY($2::text[])'} AND w.fired_at <= $1 AND (w.cleared_at IS NULL OR w.cleared_at > $1)
       ON CONFLICT (key) DO NOTHING`,
      scope.warnings === 'all' ? [now] : [now, scope.warnings],
    );
    const stale = (await this.feeds(tx)).filter((feed) => feed.staleAt <= now.getTime());
    if (stale.length > 0) {
      await tx.query(
        `INSERT INTO alerting_desired
         SELECT f.key, f.kommune, 'FEED_STALE', 'feed', NULL, NULL, f.raised_at, f.details
         FROM json_to_recordset($1::json) AS f(key text, kommune text, raised_at timestamptz, details jsonb)
         ON CONFLICT (key) DO NOTHING`,
        [
          JSON.stringify(
            stale.map((feed) => ({
              key: `feed/${feed.kommune}/${feed.lastEventAt.toISOString()}`,
              kommune: feed.kommune,
              raised_at: new Date(feed.staleAt).toISOString(),
              details: { lastEventAt: feed.lastEventAt.toISOString(), staleAfterWorkingHours: this.config.feedStaleAfterMs! / 3_600_000 },
            })),
          ),
        ],
      );
    }
    // A temporary table has no statistics until analysed: without them the planner may compare 30,000 alerts with
    // it by scanning it once per alert.
    await tx.query('ANALYZE alerting_desired');
  }

  /** Each kommune's feed: its last arrival, and the moment it is (or will be) stale by the working-day calendar. */
  async feeds(client: SqlClient): Promise<Array<{ kommune: string; lastEventAt: Date; staleAt: number }>> {
    const staleAfter = this.config.feedStaleAfterMs;
    if (staleAfter === null) return [];
    const { rows } = await client.query<{ kommune: string; last_event_at: Date }>('SELECT kommune, last_event_at FROM trust_monitor.feeds');
    return rows.map((row) => ({
      kommune: row.kommune,
      lastEventAt: row.last_event_at,
      staleAt: addWorkingMs(row.last_event_at.getTime(), staleAfter, this.config.feedCalendar),
    }));
  }

  /** The kommuner whose flags or warnings raised or cleared in (after, upTo]: time-driven changes to reconcile. */
  async changedBetween(client: SqlClient, after: Date, upTo: Date): Promise<{ flags: string[]; warnings: string[] }> {
    const flags = await client.query<{ kommune: string }>(
      `SELECT kommune FROM trust_monitor.flags WHERE raised_at > $1 AND raised_at <= $2
       UNION SELECT kommune FROM trust_monitor.flags WHERE cleared_at > $1 AND cleared_at <= $2`,
      [after, upTo],
    );
    const warnings = await client.query<{ kommune: string }>(
      `SELECT kommune FROM warnings.warnings WHERE (fired_at > $1 AND fired_at <= $2) OR (cleared_at > $1 AND cleared_at <= $2)`,
      [after, upTo],
    );
    return { flags: flags.rows.map((r) => r.kommune), warnings: [...new Set(warnings.rows.map((r) => r.kommune))] };
  }

  /** The next moment after `now` at which a flag, warning, silence or feed changes by the clock alone. */
  async nextMoment(client: SqlClient, now: Date): Promise<number | undefined> {
    const { rows } = await client.query<{ next: Date | null }>(
      `SELECT LEAST(
         (SELECT min(raised_at) FROM trust_monitor.flags WHERE raised_at > $1),
         (SELECT min(cleared_at) FROM trust_monitor.flags WHERE cleared_at > $1),
         (SELECT min(fired_at) FROM warnings.warnings WHERE fired_at > $1),
         (SELECT min(cleared_at) FROM warnings.warnings WHERE cleared_at > $1),
         (SELECT min(starts_at) FROM alerting.silences WHERE starts_at > $1),
         (SELECT min(ends_at) FROM alerting.silences WHERE ends_at > $1)) AS next`,
      [now],
    );
    const feeds = (await this.feeds(client)).map((feed) => feed.staleAt).filter((at) => at > now.getTime());
    const moments = [...feeds, ...(rows[0]?.next ? [rows[0].next.getTime()] : [])];
    return moments.length > 0 ? Math.min(...moments) : undefined;
  }
}

/** Every parameter is referenced (PostgreSQL cannot type one that is not); `true OR ...` is folded away. */
function inScope(source: string, kommuner: readonly string[] | 'all', parameter: number): string {
  return `(a.source = '${source}' AND (${kommuner === 'all'} OR a.kommune = ANY($${parameter}::text[])))`;
}
