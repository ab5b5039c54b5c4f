import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES, type CaseEventRequest } from '@tillidsbarometer/domain';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';
import { eventually, grantedLate, startWebhookReceiver, type WebhookReceiver } from './alert-receivers';
import { openStream } from './sse-client';

const SECRET = 'crash-test-webhook-secret';
const STANDALONE = 'apps/standalone/src/main.ts';

/**
 * The outbox across a crash, with the product as a process of its own on PostgreSQL: killed (SIGKILL) after a
 * webhook was sent and before its delivery was recorded (a test hook holds it exactly there), then started
 * again. Exactly-once over HTTP is impossible; the guarantee is at least once with a stable notification id.
 * So: every notification arrives, and the only one that arrives twice is the one in flight at the kill, with
 * the same id and the same bytes.
 */
describe('notification delivery across a crash', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let directory: string;
  let env: Record<string, string>;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    receiver = await startWebhookReceiver(SECRET);
    directory = mkdtempSync(path.join(tmpdir(), 'tb-alert-crash-'));
    const keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    env = {
      DATABASE_URL: database.url!,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      ALERT_GROUP_WAIT: '300ms',
      ALERT_GROUP_INTERVAL: '300ms',
      ALERT_FEED_STALE_AFTER: 'off',
      ALERT_LEASE_RETRY: '200ms',
    };
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
    await receiver?.close();
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('re-sends only the notification in flight at the kill, with the same id, and loses none', async () => {
    const first = await startService(STANDALONE, { ...env, ALERTING_TEST_HOLD_AFTER_SENDS: '2' });
    running.push(first);
    await waitForStatus(first, '/health');
    const token = (role: 'admin' | 'kommune_staff') =>
      issueToken(env['JWT_SECRET']!, { sub: `crash-${role}`, role, ...(role === 'admin' ? {} : { kommune: '101' }) });
    const admin = await token('admin');
    const call = (service: ServiceProcess, method: string, pathname: string, body: unknown) =>
      fetch(`${service.url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await call(first, 'POST', '/api/v1/alert-subscriptions', { webhookUrl: receiver.url, secret: SECRET })).status).toBe(201);

    // While we are here: the stream's bearer token in the URL never reaches the log.
    const staff = await token('kommune_staff');
    const stream = await openStream(`${first.url}/api/v1/kommuner/101/alerts/stream?access_token=${staff}`);
    expect(stream.status).toBe(200);
    stream.close();

    // Three kommuner's alerts: three groups, so three notifications to the one subscription, sent in turn.
    const events: CaseEventRequest[] = ['101', '851', '751'].flatMap((kommune) => grantedLate(`CRASH-${kommune}`, kommune));
    expect((await call(first, 'POST', '/api/v1/events', events)).status).toBe(200);

    // The hook holds the second one after its send: the receiver has it, the outbox does not know.
    const held = await eventually(
      'the hook to hold a notification',
      () => /holding notification ([0-9a-f-]{36})/.exec(first.output())?.[1],
      30_000,
    );
    expect(receiver.received.map((r) => r.notificationId)).toEqual([expect.any(String), held]);
    const { rows: before } = await database.db.query<{ id: string; status: string }>('SELECT id, status FROM alerting.outbox ORDER BY seq');
    expect(before.find((n) => n.id === held)?.status).toBe('pending');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.output()).toContain('access_token=[token]');
    expect(first.output()).not.toContain(staff);

    const second = await startService(STANDALONE, env);
    running.push(second);
    await waitForStatus(second, '/health');
    await eventually('every notification delivered', () => receiver.received.length >= 4, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // and nothing more comes

    const ids = receiver.received.map((r) => r.notificationId);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(ids).size).toBe(3);
    expect(ids.filter((id) => id === held)).toHaveLength(2); // the one in flight at the kill, and only it
    const copies = receiver.received.filter((r) => r.notificationId === held);
    expect(copies[0]!.raw).toBe(copies[1]!.raw);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    // Each kommune's alert arrived, once per distinct notification.
    const delivered = [...new Map(receiver.received.map((r) => [r.notificationId, r])).values()].flatMap((r) =>
      r.alerts.map((a) => a.caseId),
    );
    expect(delivered.sort()).toEqual(['CRASH-101', 'CRASH-751', 'CRASH-851']);
    const { rows: after } = await database.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM alerting.outbox GROUP BY status',
    );
    expect(after).toEqual([{ status: 'sent', n: 3 }]);
  }, 120_000);
});
