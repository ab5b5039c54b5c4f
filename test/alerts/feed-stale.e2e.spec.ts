import { waitUntilCaughtUp } from '../support/load-history';
import { startProduct, type Product } from '../support/product';
import { event, eventually, postEvents, startWebhookReceiver, type WebhookReceiver } from './alert-receivers';

const SECRET = 'feed-stale-webhook-secret';
const DAY_MS = 86_400_000;

/**
 * FEED_STALE and its inhibition on the running product: a kommune's feed falls silent, FEED_STALE fires and is
 * notified, a delayed-help alert that raises meanwhile is held back; an event arrives, FEED_STALE resolves and
 * the held-back alert that still fires is notified. A silence of 2 s counts as stale here, on every day of the
 * week (configuration): the Monday-Friday arithmetic is tested with a clock the test moves
 * (working-time.unit.spec.ts, alerting.int.spec.ts); this test shows the whole product doing it.
 */
describe('FEED_STALE holds back the delayed-help alerts', () => {
  let product: Product;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    product = await startProduct({
      engine: 'postgres',
      env: {
        ALERT_FEED_STALE_AFTER: '3s',
        ALERT_FEED_WORKING_DAYS: 'mon-sun',
        ALERT_FEED_HOLIDAYS: 'none',
        ALERT_GROUP_WAIT: '200ms',
        ALERT_GROUP_INTERVAL: '200ms',
        ALERT_TICK_MAX: '500ms',
      },
    });
    receiver = await startWebhookReceiver(SECRET);
    await waitUntilCaughtUp(product);
  }, 60_000);
  afterAll(async () => {
    await product?.close();
    await receiver?.close();
  });

  it('fires FEED_STALE, holds back DEADLINE_AT_RISK while it lasts, and notifies it when the feed recovers', async () => {
    const leader = await product.token('kommune_leader', '101');
    expect(
      (
        await product.request('POST', '/api/v1/alert-subscriptions', {
          token: leader,
          body: { kommune: '101', webhookUrl: receiver.url, secret: SECRET },
        })
      ).status,
    ).toBe(201);
    const deadlines = await product.request('PUT', '/api/v1/kommuner/101/deadlines', {
      token: leader,
      body: [{ area: 'STALE-AREA', days: 1, effectiveFrom: '2025-01-01T00:00:00Z' }],
    });
    expect(deadlines.status).toBe(200);
    // A case with a 1-day deadline whose 80 % moment comes 6 s from now: DEADLINE_AT_RISK, raised by the clock.
    const atRisk = Date.now() + 6_000;
    const lastEvent = await postEvents(product, [
      event('HelpRequested', 'STALE-1', '101', atRisk - (DAY_MS * 4) / 5, {
        citizenId: 'cit-stale-1',
        area: 'STALE-AREA',
        department: 'health',
        channel: 'written',
      }),
    ]);

    const stale = await eventually(
      'FEED_STALE notified',
      () => receiver.received.find((r) => r.alerts.some((a) => a.code === 'FEED_STALE')),
      15_000,
    );
    expect(stale.alerts).toEqual([expect.objectContaining({ code: 'FEED_STALE', kommune: '101', status: 'firing' })]);
    expect(Date.parse(stale.alerts[0]!.raisedAt) - lastEvent).toBeGreaterThan(2_000); // stale 3 s after the last arrival

    // DEADLINE_AT_RISK raises at its moment; it is firing and listed as inhibited, and not notified.
    const staff = await product.token('kommune_staff', '101');
    const held = await eventually(
      'DEADLINE_AT_RISK listed',
      async () => {
        const answer = await product.request('GET', '/api/v1/kommuner/101/alerts?code=DEADLINE_AT_RISK', { token: staff });
        return (answer.body as { alerts: Array<{ caseId: string; inhibited: boolean; status: string }> }).alerts[0];
      },
      20_000,
    );
    expect(held).toMatchObject({ caseId: 'STALE-1', status: 'firing', inhibited: true });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received.flatMap((r) => r.alerts.map((a) => a.code))).toEqual(['FEED_STALE']);

    // The feed recovers (an event of another case): FEED_STALE resolves, and the held-back alert goes out.
    await postEvents(product, [
      event('HelpRequested', 'STALE-2', '101', Date.now() - 1_000, {
        citizenId: 'cit-stale-2',
        area: 'OTHER',
        department: 'health',
        channel: 'oral',
      }),
    ]);
    await eventually('the recovery notified', () =>
      receiver.received.flatMap((r) => r.alerts).some((a) => a.code === 'DEADLINE_AT_RISK') ? true : undefined,
    );
    const after = receiver.received.slice(1).flatMap((r) => r.alerts.map((a) => `${a.code} ${a.status}`));
    expect(after.sort()).toEqual(['DEADLINE_AT_RISK firing', 'FEED_STALE resolved']);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  }, 60_000);
});
