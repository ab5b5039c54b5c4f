import { createHmac } from 'node:crypto';
import { waitUntilCaughtUp } from '../support/load-history';
import { startProduct, type Product } from '../support/product';
import { eventually, grantedLate, helpDelivered, postEvents, startWebhookReceiver, type WebhookReceiver } from './alert-receivers';

const SECRET = 'a-webhook-secret-for-the-test';

/**
 * Alerts delivered by webhook from the running product (PostgreSQL), to real HTTP receivers started here:
 * signatures checked by the receiver, grouping, deduplication, resolved after a clear, retries, acknowledgement,
 * silences, and the validation of subscriptions. Short group wait and backoff (configuration) keep it quick.
 */
describe('alert webhooks', () => {
  let product: Product;
  let leader: string;
  let receiver: WebhookReceiver;
  let flaky: WebhookReceiver;

  beforeAll(async () => {
    product = await startProduct({
      engine: 'postgres',
      env: {
        ALERT_GROUP_WAIT: '400ms',
        ALERT_GROUP_INTERVAL: '400ms',
        ALERT_RETRY_INITIAL: '200ms',
        ALERT_RETRY_MAX: '400ms',
        ALERT_SWEEP_INTERVAL: '1s',
        ALERT_TICK_MAX: '500ms',
        ALERT_FEED_STALE_AFTER: 'off',
      },
    });
    leader = await product.token('kommune_leader', '101');
    receiver = await startWebhookReceiver(SECRET);
    flaky = await startWebhookReceiver(SECRET);
    await waitUntilCaughtUp(product); // the alerting has taken its baseline
  }, 60_000);
  afterAll(async () => {
    await product?.close();
    await receiver?.close();
    await flaky?.close();
  });

  const subscribe = (body: object, token = leader) => product.request('POST', '/api/v1/alert-subscriptions', { token, body });

  it('signs, groups, deduplicates and resolves; retries a receiver that fails twice', async () => {
    const created = await subscribe({ kommune: '101', webhookUrl: receiver.url, secret: SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kommune: '101',
      codes: null,
      minSeverity: 'info',
      channel: 'webhook',
      webhookUrl: receiver.url,
      createdAt: expect.any(String),
      deliveries: { pending: 0, sent: 0, failed: 0 },
    });
    expect(created.text).not.toContain(SECRET);
    flaky.failNext([500, 503]);
    const retried = await subscribe({
      kommune: '101',
      codes: ['HELP_NOT_STARTED'],
      minSeverity: 'critical',
      webhookUrl: flaky.url,
      secret: SECRET,
    });
    expect(retried.status).toBe(201);

    // Two cases whose flags are raised by one batch: one notification with both (grouping).
    await postEvents(product, [...grantedLate('WH-1'), ...grantedLate('WH-2')]);
    const first = await eventually('the first notification', () => receiver.received[0]);
    expect(first.signatureValid).toBe(true);
    expect(first.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(first.raw).digest('hex')}`);
    expect(first.notificationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.alerts.map((a) => [a.code, a.caseId, a.status])).toEqual([
      ['HELP_NOT_STARTED', 'WH-1', 'firing'],
      ['HELP_NOT_STARTED', 'WH-2', 'firing'],
    ]);
    expect(Object.keys(first.alerts[0]!).sort()).toEqual(['caseId', 'code', 'details', 'key', 'kommune', 'raisedAt', 'status']);

    // The flaky receiver failed twice and got the same notification a third time: same id, same bytes.
    await eventually('the third attempt', () => flaky.received.length >= 3);
    expect(flaky.received.map((r) => r.answered)).toEqual([500, 503, 200]);
    expect(new Set(flaky.received.map((r) => r.notificationId)).size).toBe(1);
    expect(new Set(flaky.received.map((r) => r.raw)).size).toBe(1);
    expect(flaky.received.every((r) => r.signatureValid)).toBe(true);

    // The clear: help delivered for WH-1; a resolved notification follows, with clearedAt = the start of help.
    const startedAt = Date.now() - 500;
    await postEvents(product, [helpDelivered('WH-1', '101', startedAt)]);
    const resolved = await eventually('the resolved notification', () => receiver.received[1]);
    expect(resolved.alerts).toEqual([
      expect.objectContaining({
        code: 'HELP_NOT_STARTED',
        caseId: 'WH-1',
        status: 'resolved',
        clearedAt: new Date(startedAt).toISOString(),
      }),
    ]);
    expect(resolved.alerts[0]!.key).toBe(first.alerts[0]!.key);

    // Deduplication: sweeps run every second; nothing is notified again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(receiver.received).toHaveLength(2);
    expect(flaky.received).toHaveLength(4); // and the flaky one got the resolved too, once
    const listing = await product.request('GET', '/api/v1/alert-subscriptions', { token: leader });
    expect((listing.body as { subscriptions: Array<{ deliveries: object }> }).subscriptions.map((s) => s.deliveries)).toEqual([
      { pending: 0, sent: 2, failed: 0 },
      { pending: 0, sent: 2, failed: 0 },
    ]);
    expect(listing.text).not.toContain(SECRET);
  }, 60_000);

  it('does not notify an acknowledged alert; notifies what a silence held back once it ends', async () => {
    const staff = await product.token('kommune_staff', '101');
    const before = receiver.received.length;
    const silence = await product.request('POST', '/api/v1/silences', {
      token: staff,
      body: { kommune: '101', codes: ['HELP_NOT_STARTED'], endsAt: new Date(Date.now() + 4_000).toISOString() },
    });
    expect(silence.status).toBe(201);
    expect(silence.body).toMatchObject({ kommune: '101', codes: ['HELP_NOT_STARTED'], status: 'active' });
    await postEvents(product, [...grantedLate('SIL-1'), ...grantedLate('SIL-2')]);
    const alerts = await eventually('both alerts listed', async () => {
      const answer = await product.request('GET', '/api/v1/kommuner/101/alerts?code=HELP_NOT_STARTED', { token: staff });
      const listed = (answer.body as { alerts: Array<{ id: string; caseId: string; silenced: boolean }> }).alerts;
      return listed.filter((a) => a.caseId.startsWith('SIL-')).length === 2 ? listed : undefined;
    });
    expect(alerts.filter((a) => a.caseId.startsWith('SIL-')).every((a) => a.silenced)).toBe(true);
    const sil1 = alerts.find((a) => a.caseId === 'SIL-1')!;
    const ack = await product.request('POST', `/api/v1/alerts/${sil1.id}/ack`, { token: staff });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: sil1.id, caseId: 'SIL-1', status: 'firing', acknowledgedAt: expect.any(String) });
    const again = await product.request('POST', `/api/v1/alerts/${sil1.id}/ack`, { token: staff });
    expect((again.body as { acknowledgedAt: string }).acknowledgedAt).toBe((ack.body as { acknowledgedAt: string }).acknowledgedAt);

    expect(receiver.received).toHaveLength(before); // silenced
    const next = await eventually('the notification after the silence', () => receiver.received[before], 15_000);
    expect(next.alerts.map((a) => [a.caseId, a.status])).toEqual([['SIL-2', 'firing']]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received.slice(before).flatMap((r) => r.alerts.map((a) => a.caseId))).toEqual(['SIL-2']);

    const acknowledged = await product.request('GET', '/api/v1/kommuner/101/alerts?acknowledged=true', { token: staff });
    expect((acknowledged.body as { alerts: Array<{ caseId: string }> }).alerts.map((a) => a.caseId)).toEqual(['SIL-1']);
    // Another kommune's staff may not acknowledge it; an unknown id is 404.
    expect(
      (await product.request('POST', `/api/v1/alerts/${sil1.id}/ack`, { token: await product.token('kommune_staff', '851') })).status,
    ).toBe(403);
    expect((await product.request('POST', '/api/v1/alerts/00000000-0000-0000-0000-000000000000/ack', { token: staff })).status).toBe(404);
  }, 60_000);

  it('refuses bad subscriptions with a 4xx naming the field and the rule', async () => {
    const cases: Array<[object, number, Array<{ field: string; rule: string }>?]> = [
      [{ kommune: '101' }, 422, [{ field: 'webhookUrl', rule: 'isDefined' }]],
      [{ kommune: '101', webhookUrl: 'ftp://example.org/x', secret: SECRET }, 422, [{ field: 'webhookUrl', rule: 'isUrl' }]],
      [{ kommune: '101', webhookUrl: receiver.url }, 422, [{ field: 'secret', rule: 'isDefined' }]],
      [{ kommune: '101', webhookUrl: receiver.url, secret: 'short' }, 422, [{ field: 'secret', rule: 'isLength' }]],
      [{ kommune: '101', webhookUrl: receiver.url, secret: SECRET, email: 'a@b.dk' }, 422, [{ field: 'email', rule: 'exclusive' }]],
      [{ kommune: '101', email: 'not-an-address' }, 422, [{ field: 'email', rule: 'isEmail' }]],
      [{ kommune: '101', email: 'leder@kommune.dk' }, 422, [{ field: 'email', rule: 'smtpConfigured' }]],
      [{ kommune: '101', codes: ['NOPE'], webhookUrl: receiver.url, secret: SECRET }, 422, [{ field: 'codes', rule: 'isIn' }]],
      [{ kommune: '101', codes: [], webhookUrl: receiver.url, secret: SECRET }, 422, [{ field: 'codes', rule: 'arrayMinSize' }]],
      [{ kommune: '101', minSeverity: 'urgent', webhookUrl: receiver.url, secret: SECRET }, 422, [{ field: 'minSeverity', rule: 'isIn' }]],
      [{ kommune: '101', webhookUrl: receiver.url, secret: SECRET, colour: 'red' }, 422, [{ field: 'colour', rule: 'unknownField' }]],
      [{ webhookUrl: receiver.url, secret: SECRET }, 422, [{ field: 'kommune', rule: 'isDefined' }]],
      [{ kommune: '999', webhookUrl: receiver.url, secret: SECRET }, 422, [{ field: 'kommune', rule: 'isKommuneCode' }]],
      [{ kommune: '851', webhookUrl: receiver.url, secret: SECRET }, 403],
    ];
    for (const [body, status, errors] of cases) {
      const answer = await subscribe(body);
      expect([JSON.stringify(body), answer.status]).toEqual([JSON.stringify(body), status]);
      if (errors) expect((answer.body as { errors: unknown[] }).errors).toEqual(errors.map((e) => expect.objectContaining(e)));
    }
    expect((await product.request('POST', '/api/v1/alert-subscriptions', { token: leader, body: [1, 2] })).status).toBe(400);
    // Staff may not subscribe; admin may subscribe every kommune.
    const staff = await product.token('kommune_staff', '101');
    expect((await subscribe({ kommune: '101', webhookUrl: receiver.url, secret: SECRET }, staff)).status).toBe(403);
    const admin = await product.token('admin');
    const everywhere = await subscribe({ webhookUrl: receiver.url, secret: SECRET, minSeverity: 'critical' }, admin);
    expect(everywhere.status).toBe(201);
    expect(everywhere.body).toMatchObject({ kommune: null });
    // A leader of 101 neither sees nor deletes it.
    const id = (everywhere.body as { id: string }).id;
    const leaderList = await product.request('GET', '/api/v1/alert-subscriptions', { token: leader });
    expect((leaderList.body as { subscriptions: Array<{ id: string }> }).subscriptions.map((s) => s.id)).not.toContain(id);
    expect((await product.request('DELETE', `/api/v1/alert-subscriptions/${id}`, { token: leader })).status).toBe(403);
    expect((await product.request('DELETE', `/api/v1/alert-subscriptions/${id}`, { token: admin })).status).toBe(204);
    expect((await product.request('DELETE', `/api/v1/alert-subscriptions/${id}`, { token: admin })).status).toBe(404);
    expect((await product.request('GET', '/api/v1/kommuner/101/alerts?status=nope', { token: staff })).status).toBe(400);
    expect(
      (await product.request('GET', '/api/v1/kommuner/101/alerts', { token: await product.token('kommune_staff', '851') })).status,
    ).toBe(403);
  }, 60_000);
});
