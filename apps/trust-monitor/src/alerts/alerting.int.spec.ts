import { randomUUID } from 'node:crypto';
import { migrate, type Database, type SqlClient } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { trustMonitorMigrations } from '../projection/schema';
import { upsertWarnings } from '../warnings';
import { warningsMigrations } from '../warnings/warnings.schema';
import { loadAlertingConfig, type AlertingConfig } from './alerting-config';
import { alertingMigrations } from './alerting.schema';
import { NotificationDispatcher } from './notify/notification-dispatcher';
import { AlertReconciler } from './reconcile/alert-reconciler';

const SECOND = 1_000;
const at = (iso: string) => new Date(iso);

/**
 * The alerting's core on a real database with a clock the test moves: reconciliation of flags, warnings and feeds
 * into alerts (baseline, firing, resolved, deduplication), grouping into notifications, acknowledgement,
 * silences, and FEED_STALE with its inhibition on the Monday-Friday calendar. The pieces are the ones the
 * leader runs; the test calls them step by step at the moments it chooses.
 */
describe.each(['pglite', 'postgres'] as const)('alert reconciliation and notification on %s', (engine) => {
  let database: TestDatabase;
  let db: Database;
  let config: AlertingConfig;
  let reconciler: AlertReconciler;
  let dispatcher: NotificationDispatcher;
  let lastStep: Date;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    await migrate(db, 'trust_monitor', trustMonitorMigrations);
    await migrate(db, 'warnings', warningsMigrations);
    await migrate(db, 'alerting', alertingMigrations);
  }, 60_000);
  afterAll(async () => database.drop());

  beforeEach(async () => {
    // Each test starts from an empty alerting that has never run (one database per engine: PGlite starts slowly).
    await db.exec(`TRUNCATE trust_monitor.flags, trust_monitor.feeds, warnings.warnings, alerting.alerts, alerting.transitions,
      alerting.subscriptions, alerting.pending, alerting.notified, alerting.groups, alerting.outbox, alerting.silences;
      UPDATE alerting.state SET started_at = NULL, baseline_at = NULL;`);
    config = loadAlertingConfig({ ALERT_GROUP_WAIT: '30s', ALERT_GROUP_INTERVAL: '5m', ALERT_FEED_STALE_AFTER: '24h' });
    reconciler = new AlertReconciler(config);
    dispatcher = new NotificationDispatcher(config);
    lastStep = at('2026-03-02T08:00:00Z');
  });

  /** What the leader does on each wake-up: time-driven changes since the last step, then notifications. */
  const step = async (now: Date, events: { flags?: string[]; warnings?: string[] } = {}) =>
    db.transaction(async (tx) => {
      const timed = await reconciler.changedBetween(tx, lastStep, now);
      const result = await reconciler.reconcile(tx, now, {
        flags: [...(events.flags ?? []), ...timed.flags],
        warnings: [...(events.warnings ?? []), ...timed.warnings],
      });
      lastStep = now;
      return { ...result, queued: await dispatcher.dispatch(tx, now) };
    });
  const sweep = (now: Date) => db.transaction((tx) => reconciler.reconcile(tx, now, { flags: 'all', warnings: 'all' }));

  const flag = (f: { kommune?: string; caseId: string; code: string; raisedAt: string; clearedAt?: string; subject?: string }) =>
    db.query(
      `INSERT INTO trust_monitor.flags (kommune, case_id, code, subject, raised_at, cleared_at, department, area, details)
       VALUES ($1, $2, $3, $4, $5, $6, 'health', 'A1', $7)`,
      [f.kommune ?? '101', f.caseId, f.code, f.subject ?? '', f.raisedAt, f.clearedAt ?? null, JSON.stringify({ deadlineAt: f.raisedAt })],
    );
  const subscribe = async (createdAt: Date, options: { kommune?: string | null; codes?: string[]; minSeverity?: string } = {}) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO alerting.subscriptions (id, kommune, codes, min_severity, webhook_url, secret, created_at, created_by)
       VALUES ($1, $2, $3, $4, 'http://127.0.0.1:9/hook', 'a-secret-of-sixteen', $5, 'test')`,
      [id, options.kommune === undefined ? '101' : options.kommune, options.codes ?? null, options.minSeverity ?? 'info', createdAt],
    );
    return id;
  };
  const outbox = async () =>
    (
      await db.query<{ subscription_id: string; kommune: string; body: string; created_at: Date }>(
        'SELECT subscription_id, kommune, body, created_at FROM alerting.outbox ORDER BY seq',
      )
    ).rows.map((row) => ({ ...row, alerts: (JSON.parse(row.body) as { alerts: Array<Record<string, unknown>> }).alerts }));
  const transitions = async () =>
    (
      await db.query<{ kind: string; alert: { key: string; code: string; caseId?: string } }>(
        'SELECT kind, alert FROM alerting.transitions ORDER BY id',
      )
    ).rows.map((row) => `${row.kind} ${row.alert.code} ${row.alert.caseId ?? row.alert.key}`);

  it('takes what already fires as the baseline, never notified, and notifies what starts firing after it', async () => {
    await flag({ caseId: 'OLD-1', code: 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', raisedAt: '2025-01-10T09:00:00Z' });
    await flag({
      caseId: 'OLD-2',
      code: 'HELP_NOT_STARTED',
      subject: 'D1',
      raisedAt: '2025-02-10T09:00:00Z',
      clearedAt: '2025-03-01T00:00:00Z',
    });
    await flag({ caseId: 'NEW-1', code: 'DEADLINE_AT_RISK', raisedAt: '2026-03-02T10:00:00Z', clearedAt: '2026-03-05T10:00:00Z' });
    const subscription = await subscribe(at('2026-03-01T00:00:00Z'));

    const first = await step(at('2026-03-02T09:00:00Z'));
    expect(first).toMatchObject({ baseline: true, fired: 0, queued: 0 });
    const { rows: alerts } = await db.query<{ key: string; status: string; fired_seen_at: Date | null; severity: string }>(
      'SELECT key, status, fired_seen_at, severity FROM alerting.alerts',
    );
    // Only the flag open at 09:00 is an alert (OLD-2 cleared a year ago, NEW-1 raises at 10:00), and it is the baseline.
    expect(alerts).toEqual([
      {
        key: 'flag/101/OLD-1/DEADLINE_EXCEEDED_WITHOUT_NOTICE//2025-01-10T09:00:00.000Z',
        status: 'firing',
        fired_seen_at: null,
        severity: 'critical',
      },
    ]);
    expect(await transitions()).toEqual([]);

    // 10:00: NEW-1 raises by the clock alone; the ticker finds its kommune among the moments that passed.
    expect(await reconciler.nextMoment(db, at('2026-03-02T09:00:00Z'))).toBe(at('2026-03-02T10:00:00Z').getTime());
    expect(await step(at('2026-03-02T10:00:00Z'))).toMatchObject({ baseline: false, fired: 1, queued: 0 });
    expect(await transitions()).toEqual(['firing DEADLINE_AT_RISK NEW-1']);
    // Group wait: nothing goes out until 30 s after it was first seen.
    expect(await step(at('2026-03-02T10:00:29Z'))).toMatchObject({ queued: 0 });
    expect(await dispatcher.nextDue(db)).toBe(at('2026-03-02T10:00:30Z').getTime());
    expect(await step(at('2026-03-02T10:00:30Z'))).toMatchObject({ queued: 1 });
    const [notification] = await outbox();
    expect(notification!.subscription_id).toBe(subscription);
    expect(notification!.body).toBe(
      JSON.stringify({
        alerts: [
          {
            key: 'flag/101/NEW-1/DEADLINE_AT_RISK//2026-03-02T10:00:00.000Z',
            code: 'DEADLINE_AT_RISK',
            kommune: '101',
            status: 'firing',
            raisedAt: '2026-03-02T10:00:00.000Z',
            caseId: 'NEW-1',
            details: { area: 'A1', deadlineAt: '2026-03-02T10:00:00Z', department: 'health' },
          },
        ],
      }),
    );

    // Deduplication: a sweep and more steps change nothing and queue nothing.
    expect(await sweep(at('2026-03-02T11:00:00Z'))).toMatchObject({ fired: 0, resolved: 0 });
    expect(await step(at('2026-03-02T12:00:00Z'))).toMatchObject({ fired: 0, queued: 0 });

    // The clear (its moment passes) resolves it, and a resolved notification follows, with clearedAt.
    await step(at('2026-03-05T10:00:00Z'));
    expect(await transitions()).toEqual(['firing DEADLINE_AT_RISK NEW-1', 'resolved DEADLINE_AT_RISK NEW-1']);
    await step(at('2026-03-05T10:00:30Z'));
    const resolved = (await outbox())[1]!;
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ status: 'resolved', raisedAt: '2026-03-02T10:00:00.000Z', clearedAt: '2026-03-05T10:00:00.000Z' }),
    ]);
    expect(await outbox()).toHaveLength(2);
  });

  it("groups a kommune's alerts raised close together into one notification per subscription, and drops a flap", async () => {
    await step(at('2026-03-02T08:00:00Z')); // the (empty) baseline
    const kommune101 = await subscribe(at('2026-03-02T08:00:00Z'));
    const everywhere = await subscribe(at('2026-03-02T08:00:00Z'), { kommune: null, minSeverity: 'critical' });
    await flag({ caseId: 'G-1', code: 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', raisedAt: '2026-03-02T09:00:00Z' });
    await flag({ caseId: 'G-2', code: 'DEADLINE_AT_RISK', raisedAt: '2026-03-02T09:00:10Z' });
    await flag({ caseId: 'G-3', code: 'HELP_NOT_STARTED', subject: 'D1', raisedAt: '2026-03-02T09:00:20Z' });
    await flag({ kommune: '851', caseId: 'G-4', code: 'NOTIFIED_DATE_EXCEEDED', raisedAt: '2026-03-02T09:00:05Z' });
    // A flap: raised and cleared within the group wait: never notified to anyone.
    await flag({
      caseId: 'G-5',
      code: 'REFUSAL_NOT_EXPLAINED',
      subject: 'D9',
      raisedAt: '2026-03-02T09:00:01Z',
      clearedAt: '2026-03-02T09:00:15Z',
    });
    for (const second of [0, 1, 5, 10, 15, 20]) await step(new Date(at('2026-03-02T09:00:00Z').getTime() + second * SECOND));
    expect(await outbox()).toEqual([]);
    await step(at('2026-03-02T09:00:30Z'));
    await step(at('2026-03-02T09:00:35Z')); // kommune 851's group: 30 s after G-4 was seen at 09:00:05
    const sent = await outbox();
    const summary = sent.map((n) => ({ to: n.subscription_id, kommune: n.kommune, cases: n.alerts.map((a) => a['caseId']) }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { to: kommune101, kommune: '101', cases: ['G-1', 'G-2', 'G-3'] },
        { to: everywhere, kommune: '101', cases: ['G-1', 'G-3'] }, // critical only
        { to: everywhere, kommune: '851', cases: ['G-4'] },
      ]),
    );
    expect(sent).toHaveLength(3);
    expect(await transitions()).toContain('resolved REFUSAL_NOT_EXPLAINED G-5');

    // Group interval: a new alert of kommune 101 waits until 5 minutes after the group last went out.
    await flag({ caseId: 'G-6', code: 'DEADLINE_AT_RISK', raisedAt: '2026-03-02T09:01:00Z' });
    await step(at('2026-03-02T09:01:00Z'));
    await step(at('2026-03-02T09:02:00Z'));
    expect(await outbox()).toHaveLength(3);
    expect(await dispatcher.nextDue(db)).toBe(at('2026-03-02T09:05:30Z').getTime());
    await step(at('2026-03-02T09:05:30Z'));
    expect((await outbox()).slice(3).map((n) => n.alerts.map((a) => a['caseId']))).toEqual([['G-6']]);
  });

  it('does not notify an acknowledged alert, and does notify what a silence held back once it ends', async () => {
    await step(at('2026-03-02T08:00:00Z'));
    await subscribe(at('2026-03-02T08:00:00Z'));
    await db.query(
      `INSERT INTO alerting.silences (id, kommune, codes, case_id, starts_at, ends_at, created_at, created_by)
       VALUES ($1, '101', ARRAY['HELP_NOT_STARTED'], NULL, '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', '2026-03-02T08:00:00Z', 't')`,
      [randomUUID()],
    );
    await flag({ caseId: 'S-1', code: 'HELP_NOT_STARTED', subject: 'D1', raisedAt: '2026-03-02T09:00:00Z' });
    await flag({ caseId: 'S-2', code: 'HELP_NOT_STARTED', subject: 'D2', raisedAt: '2026-03-02T09:00:00Z' });
    await flag({
      caseId: 'S-3',
      code: 'HELP_NOT_STARTED',
      subject: 'D3',
      raisedAt: '2026-03-02T09:00:00Z',
      clearedAt: '2026-03-02T11:00:00Z',
    });
    await step(at('2026-03-02T09:00:00Z'));
    await step(at('2026-03-02T10:00:00Z'));
    expect(await outbox()).toEqual([]); // silenced
    // Someone takes S-2 on while it is held back.
    await db.query(`UPDATE alerting.alerts SET acknowledged_at = $1, acknowledged_by = 't' WHERE case_id = 'S-2'`, [
      at('2026-03-02T10:30:00Z'),
    ]);
    await step(at('2026-03-02T11:00:00Z')); // S-3 resolves while silenced: it was never told, so nothing to tell
    expect(await transitions()).toEqual(expect.arrayContaining(['acknowledged HELP_NOT_STARTED S-2', 'resolved HELP_NOT_STARTED S-3']));
    // The ticker wakes when the silence ends.
    expect(await reconciler.nextMoment(db, at('2026-03-02T11:00:00Z'))).toBe(at('2026-03-02T12:00:00Z').getTime());
    await step(at('2026-03-02T12:00:00Z'));
    await step(at('2026-03-02T12:00:30Z'));
    expect((await outbox()).map((n) => n.alerts.map((a) => `${a['caseId']} ${a['status']}`))).toEqual([['S-1 firing']]);
  });

  it('fires FEED_STALE after 24 working hours of silence, holds back the delayed-help alerts, and lets them out on recovery', async () => {
    const feed = (lastEventAt: string) =>
      db.query(
        `INSERT INTO trust_monitor.feeds VALUES ('101', $1) ON CONFLICT (kommune) DO UPDATE SET last_event_at = excluded.last_event_at`,
        [lastEventAt],
      );
    // The last event arrived Friday 2026-03-06 15:00 CET (14:00Z). 24 working hours later is Monday 9 March 15:00 CET.
    await feed('2026-03-06T14:00:00Z');
    await step(at('2026-03-06T14:00:00Z'));
    const subscription = await subscribe(at('2026-03-06T14:00:00Z'));
    expect(await reconciler.nextMoment(db, at('2026-03-07T12:00:00Z'))).toBe(at('2026-03-09T14:00:00Z').getTime());
    await step(at('2026-03-08T20:00:00Z')); // Sunday: 9 working hours so far
    expect(await transitions()).toEqual([]);
    await step(at('2026-03-09T14:00:00Z'));
    expect(await transitions()).toEqual(['firing FEED_STALE feed/101/2026-03-06T14:00:00.000Z']);
    await step(at('2026-03-09T14:00:30Z'));

    // While it is stale: a delayed-help alert (held back) and another (CASEWORKER_CHURN, not delayed help: let out).
    await flag({ caseId: 'F-1', code: 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', raisedAt: '2026-03-09T15:00:00Z' });
    await flag({ caseId: 'F-2', code: 'CASEWORKER_CHURN', raisedAt: '2026-03-09T15:00:00Z' });
    await step(at('2026-03-09T15:00:00Z'));
    await step(at('2026-03-09T15:00:30Z'));
    let sent = await outbox();
    expect(sent.map((n) => n.alerts.map((a) => `${a['code']} ${a['status']}`))).toEqual([
      ['FEED_STALE firing'],
      ['CASEWORKER_CHURN firing'],
    ]);
    const stale = sent[0]!.alerts[0]!;
    expect(stale).toEqual({
      key: 'feed/101/2026-03-06T14:00:00.000Z',
      code: 'FEED_STALE',
      kommune: '101',
      status: 'firing',
      raisedAt: '2026-03-09T14:00:00.000Z',
      details: { lastEventAt: '2026-03-06T14:00:00.000Z', staleAfterWorkingHours: 24 },
    });
    const { rows: listed } = await db.query<{ inhibited: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM alerting.alerts fs WHERE fs.kommune = a.kommune AND fs.code = 'FEED_STALE' AND fs.status = 'firing') AS inhibited
       FROM alerting.alerts a WHERE a.case_id = 'F-1'`,
    );
    expect(listed).toEqual([{ inhibited: true }]);

    // Tuesday 10:00 an event arrives: the feed recovers, FEED_STALE resolves and F-1 (still firing) goes out.
    await feed('2026-03-10T09:00:00Z');
    await step(at('2026-03-10T09:00:01Z'));
    await step(at('2026-03-10T09:06:00Z'));
    sent = await outbox();
    expect(sent.slice(2).map((n) => n.alerts.map((a) => `${a['code']} ${a['status']}`))).toEqual([
      ['FEED_STALE resolved', 'DEADLINE_EXCEEDED_WITHOUT_NOTICE firing'],
    ]);
    expect(sent.every((n) => n.subscription_id === subscription)).toBe(true);
  });

  it('turns warnings into alerts keyed by the warning key, and resolves them when they clear', async () => {
    await step(at('2026-03-02T08:00:00Z'));
    await subscribe(at('2026-03-02T08:00:00Z'));
    const warning = {
      key: 'DELAYED_HELP_DETERIORATION/101/all/late_first_decisions/2026-03-02',
      code: 'DELAYED_HELP_DETERIORATION' as const,
      kommune: '101',
      department: null,
      series: 'late_first_decisions',
      method: 'bernoulli_cusum',
      parameters: { h: 4.5 },
      firedAt: '2026-03-02T09:00:00.000Z',
      clearedAt: null,
      details: { statistic: 5.1 },
    };
    await db.transaction((tx) => upsertWarnings(tx, [warning]));
    await step(at('2026-03-02T09:00:05Z'), { warnings: ['101'] });
    await step(at('2026-03-02T09:00:40Z'));
    const [notification] = await outbox();
    expect(notification!.alerts).toEqual([
      {
        key: warning.key,
        code: 'DELAYED_HELP_DETERIORATION',
        kommune: '101',
        status: 'firing',
        raisedAt: '2026-03-02T09:00:00.000Z',
        details: { department: null, series: 'late_first_decisions', method: 'bernoulli_cusum', parameters: { h: 4.5 }, statistic: 5.1 },
      },
    ]);
    await db.transaction((tx) => upsertWarnings(tx, [{ ...warning, clearedAt: '2026-03-09T00:00:00.000Z' }]));
    await step(at('2026-03-09T00:00:00Z'), { warnings: ['101'] });
    expect(await transitions()).toEqual([
      `firing DELAYED_HELP_DETERIORATION ${warning.key}`,
      `resolved DELAYED_HELP_DETERIORATION ${warning.key}`,
    ]);
    const { rows } = await db.query<{ cleared_at: Date }>('SELECT cleared_at FROM alerting.alerts');
    expect(rows[0]!.cleared_at.toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('reconciles tens of thousands of open flags with a fixed number of statements, whatever their number', async () => {
    // 98 kommuner x 200 open flags = 19,600, written in one statement.
    await db.query(
      `INSERT INTO trust_monitor.flags (kommune, case_id, code, subject, raised_at, cleared_at, department, area, details)
       SELECT (100 + k)::text, 'C-' || c, 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', '', '2026-01-01T00:00:00Z'::timestamptz + c * interval '1 minute',
              NULL, 'health', 'A1', '{}'::jsonb
       FROM generate_series(1, 98) AS k, generate_series(1, 200) AS c`,
    );
    const counting = (tx: SqlClient) => {
      let statements = 0;
      const client: SqlClient = {
        query: (text, params) => ((statements += 1), tx.query(text, params)),
        queryRows: (text, params) => ((statements += 1), tx.queryRows(text, params)),
        exec: (script) => ((statements += 1), tx.exec(script)),
      } as SqlClient;
      return { client, count: () => statements };
    };
    const baseline = await db.transaction(async (tx) => {
      const { client, count } = counting(tx);
      await reconciler.reconcile(client, at('2026-03-02T08:00:00Z'), { flags: 'all', warnings: 'all' });
      return count();
    });
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerting.alerts');
    expect(rows[0]!.n).toBe(19_600);
    // Now every one of them clears at once (a sweep that finds them gone): resolved in the same few statements.
    await db.query('DELETE FROM trust_monitor.flags');
    const resolving = await db.transaction(async (tx) => {
      const { client, count } = counting(tx);
      const result = await reconciler.reconcile(client, at('2026-03-02T09:00:00Z'), { flags: 'all', warnings: 'all' });
      return { result, statements: count() };
    });
    expect(resolving.result.resolved).toBe(19_600);
    expect(baseline).toBeLessThanOrEqual(15);
    expect(resolving.statements).toBeLessThanOrEqual(15);
  }, 60_000);
});
