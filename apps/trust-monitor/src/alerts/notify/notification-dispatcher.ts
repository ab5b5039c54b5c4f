import { randomUUID } from 'node:crypto';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { DELAYED_HELP_CODES } from '../alert-codes';
import type { AlertingConfig } from '../alerting-config';
import { notifiedAlert, type AlertRow } from '../alert-view';
import { mutedSql } from './muted.sql';

const SEVERITY_RANK = `ARRAY['info','warning','critical']`;

/**
 * What each subscription still has to be told, as a set: a firing alert it matches and has not been told about
 * (deduplication by alert key), unless acknowledged; a resolved alert it was told was firing. Held back while
 * silenced or inhibited; when that ends, the difference is simply still there and goes out. A subscription only
 * hears of alerts whose firing began after it was created (so a new one is not flooded with the past).
 */
const WANTED = `
  SELECT s.id AS subscription_id, a.key AS alert_key, a.kommune, 'firing' AS status
  FROM alerting.alerts a
  JOIN alerting.subscriptions s ON s.deleted_at IS NULL
    AND (s.kommune IS NULL OR s.kommune = a.kommune) AND (s.codes IS NULL OR a.code = ANY(s.codes))
    AND array_position(${SEVERITY_RANK}, a.severity) >= array_position(${SEVERITY_RANK}, s.min_severity)
    AND a.fired_seen_at >= s.created_at
  WHERE a.status = 'firing' AND a.acknowledged_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM alerting.notified n WHERE n.subscription_id = s.id AND n.alert_key = a.key)
    AND NOT ${mutedSql(1, 2)}
  UNION ALL
  SELECT n.subscription_id, a.key, a.kommune, 'resolved'
  FROM alerting.notified n
  JOIN alerting.alerts a ON a.key = n.alert_key
  JOIN alerting.subscriptions s ON s.id = n.subscription_id AND s.deleted_at IS NULL
  WHERE a.status = 'resolved' AND NOT ${mutedSql(1, 2)}`;

interface DueEntry extends AlertRow {
  subscription_id: string;
  notify_status: 'firing' | 'resolved';
}

/**
 * Groups a kommune's alerts per subscription into notifications (Alertmanager's group_wait and group_interval)
 * and queues them in the outbox, in one transaction that also records them as told: a restart neither loses a
 * notification (it is in the outbox) nor makes it again (the told state committed with it).
 */
export class NotificationDispatcher {
  constructor(private readonly config: AlertingConfig) {}

  /** Brings `pending` up to date and queues the groups that are due; returns the notifications queued. */
  async dispatch(tx: SqlClient, now: Date): Promise<number> {
    const params = [now, DELAYED_HELP_CODES];
    await tx.query(
      `DELETE FROM alerting.pending p WHERE NOT EXISTS (
         SELECT 1 FROM (${WANTED}) w WHERE w.subscription_id = p.subscription_id AND w.alert_key = p.alert_key AND w.status = p.status)`,
      params,
    );
    await tx.query(
      `INSERT INTO alerting.pending (subscription_id, alert_key, kommune, status, since)
       SELECT w.subscription_id, w.alert_key, w.kommune, w.status, $1 FROM (${WANTED}) w
       ON CONFLICT (subscription_id, alert_key) DO NOTHING`,
      params,
    );
    const { rows } = await tx.query<DueEntry>(
      `WITH due AS (
         SELECT p.subscription_id, p.kommune FROM alerting.pending p
         LEFT JOIN alerting.groups g ON g.subscription_id = p.subscription_id AND g.kommune = p.kommune
         GROUP BY p.subscription_id, p.kommune
         HAVING min(p.since) <= $1 AND (max(g.last_sent_at) IS NULL OR max(g.last_sent_at) <= $2))
       SELECT p.subscription_id, p.status AS notify_status, a.*
       FROM alerting.pending p JOIN due USING (subscription_id, kommune) JOIN alerting.alerts a ON a.key = p.alert_key
       ORDER BY p.subscription_id, p.kommune, a.raised_at, a.key`,
      [new Date(now.getTime() - this.config.groupWaitMs), new Date(now.getTime() - this.config.groupIntervalMs)],
    );
    if (rows.length === 0) return 0;

    const groups = new Map<string, { subscriptionId: string; kommune: string; entries: DueEntry[] }>();
    for (const row of rows) {
      const id = `${row.subscription_id}/${row.kommune}`;
      const group = groups.get(id) ?? { subscriptionId: row.subscription_id, kommune: row.kommune, entries: [] };
      group.entries.push(row);
      groups.set(id, group);
    }
    const notifications = [...groups.values()].map((group) => ({
      id: randomUUID(),
      subscription_id: group.subscriptionId,
      kommune: group.kommune,
      created_at: now.toISOString(),
      next_attempt_at: now.toISOString(),
      alert_count: group.entries.length,
      body: JSON.stringify({ alerts: group.entries.map((entry) => notifiedAlert(entry, entry.notify_status)) }),
    }));
    await tx.query(
      `INSERT INTO alerting.outbox (id, subscription_id, kommune, created_at, next_attempt_at, alert_count, body)
       SELECT * FROM json_to_recordset($1::json)
         AS n(id uuid, subscription_id uuid, kommune text, created_at timestamptz, next_attempt_at timestamptz, alert_count integer, body text)
       ORDER BY created_at`,
      [JSON.stringify(notifications)],
    );
    const told = (status: string) => rows.filter((row) => row.notify_status === status);
    await tx.query(
      `INSERT INTO alerting.notified (subscription_id, alert_key) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
      [told('firing').map((r) => r.subscription_id), told('firing').map((r) => r.key)],
    );
    // Told it resolved: forget it, so that the same key firing again is a new firing to tell.
    await tx.query(`DELETE FROM alerting.notified WHERE (subscription_id, alert_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`, [
      told('resolved').map((r) => r.subscription_id),
      told('resolved').map((r) => r.key),
    ]);
    const sent = [...groups.values()];
    await tx.query(`DELETE FROM alerting.pending WHERE (subscription_id, kommune) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`, [
      sent.map((g) => g.subscriptionId),
      sent.map((g) => g.kommune),
    ]);
    await tx.query(
      `INSERT INTO alerting.groups (subscription_id, kommune, last_sent_at) SELECT s, k, $3 FROM unnest($1::uuid[], $2::text[]) AS g(s, k)
       ON CONFLICT (subscription_id, kommune) DO UPDATE SET last_sent_at = excluded.last_sent_at`,
      [sent.map((g) => g.subscriptionId), sent.map((g) => g.kommune), now],
    );
    return notifications.length;
  }

  /** When the next waiting group becomes due (group wait and group interval), if any waits. */
  async nextDue(client: SqlClient): Promise<number | undefined> {
    const { rows } = await client.query<{ first: Date; last: Date | null }>(
      `SELECT min(p.since) AS first, max(g.last_sent_at) AS last FROM alerting.pending p
       LEFT JOIN alerting.groups g ON g.subscription_id = p.subscription_id AND g.kommune = p.kommune
       GROUP BY p.subscription_id, p.kommune`,
    );
    const moments = rows.map((row) =>
      Math.max(row.first.getTime() + this.config.groupWaitMs, row.last ? row.last.getTime() + this.config.groupIntervalMs : 0),
    );
    return moments.length > 0 ? Math.min(...moments) : undefined;
  }
}
