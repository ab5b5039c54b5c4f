import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { migrate, type Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { loadAlertingConfig } from '../alerting-config';
import { alertingMigrations } from '../alerting.schema';
import { OutboxDelivery } from './outbox-delivery';

/**
 * The outbox's retry schedule on a real database, against a real HTTP receiver, with the clock the test sets:
 * exponential backoff from ALERT_RETRY_INITIAL, capped at ALERT_RETRY_MAX, a last try at the give-up moment a
 * day after the notification was queued, then recorded as failed; and a subscription's notifications in order.
 */
describe('outbox delivery', () => {
  let database: TestDatabase;
  let db: Database;
  let server: Server;
  let url: string;
  const answers: number[] = [];
  const received: string[] = [];
  const delivery = new OutboxDelivery(loadAlertingConfig({})); // defaults: 30 s, doubling, at most 1 h, give up after 24 h

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    db = database.db;
    await migrate(db, 'alerting', alertingMigrations);
    server = createServer((request, response) => {
      received.push(String(request.headers['x-notification-id']));
      request.resume();
      request.on('end', () => response.writeHead(answers.shift() ?? 500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.drop();
  });

  const T0 = Date.parse('2026-03-02T08:00:00Z');
  const queue = async (subscription: string, createdAt: number) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO alerting.outbox (id, subscription_id, kommune, created_at, body, alert_count, next_attempt_at)
       VALUES ($1, $2, '101', $3, '{"alerts":[]}', 0, $3)`,
      [id, subscription, new Date(createdAt)],
    );
    return id;
  };
  const subscribe = async () => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO alerting.subscriptions (id, kommune, min_severity, webhook_url, secret, created_at, created_by)
       VALUES ($1, '101', 'info', $2, 'sixteen-characters', $3, 't')`,
      [id, url, new Date(T0)],
    );
    return id;
  };
  const attempt = async (now: number) => {
    const heads = await delivery.dueHeads(db, new Date(now));
    for (const entry of heads) await delivery.record(db, entry, await delivery.send(entry), new Date(now));
    return heads.map((h) => h.id);
  };
  const row = async (id: string) =>
    (
      await db.query<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>(
        'SELECT status, attempts, next_attempt_at, last_error FROM alerting.outbox WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  it('backs off exponentially up to an hour, tries a last time a day after it was queued, then gives up', async () => {
    const subscription = await subscribe();
    const id = await queue(subscription, T0);
    // Attempts (seconds after queueing): 0, then +30, +60, +120, +240, +480, +960, +1920 (at 3810), then +3600
    // each (the cap) from 7410 to 83010, and the last at 86400 (24 h), where it is given up: 8 + 22 + 1 = 31.
    const expected = [0, 30, 90, 210, 450, 930, 1890, 3810, ...Array.from({ length: 22 }, (_, j) => 7410 + 3600 * j), 86_400];
    const attempts: number[] = [];
    for (let now = T0; (await row(id)).status === 'pending'; now = (await row(id)).next_attempt_at.getTime()) {
      expect(await attempt(now - 1)).toEqual([]); // never before it is due
      expect(await attempt(now)).toEqual([id]);
      attempts.push((now - T0) / 1000);
    }
    expect(attempts).toEqual(expected);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 31, last_error: 'the receiver answered 500' });
    expect(received.filter((r) => r === id)).toHaveLength(31);
  });

  it("sends a subscription's notifications in order: a later one waits while an earlier one is retried", async () => {
    const subscription = await subscribe();
    const first = await queue(subscription, T0);
    const second = await queue(subscription, T0 + 1_000);
    answers.push(503);
    expect(await attempt(T0 + 2_000)).toEqual([first]);
    expect(await attempt(T0 + 10_000)).toEqual([]); // the second is due, but the first is not done
    answers.push(200, 200);
    expect(await attempt(T0 + 32_000)).toEqual([first]);
    expect(await attempt(T0 + 32_001)).toEqual([second]);
    expect(await row(first)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(await row(second)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
