import { waitUntilCaughtUp } from '../support/load-history';
import { startProduct, type Product } from '../support/product';
import { eventually, grantedLate, helpDelivered, postEvents } from './alert-receivers';
import { openStream, type ServerSentEvent, type SseConnection } from './sse-client';

/** The issue: SSE delivery within 1 s of the flag (CONTRACT.md section 4: a flag within 1 s of its event). */
const LATENCY_BOUND_MS = 1_000;
/**
 * From the event's answer to the stream on PostgreSQL, the bound plus the store's poll interval (1 s) and a
 * margin: the server is shared (with every other test here, and in CI), and a foreign write transaction open
 * at the event's commit holds the projection's read back until its next poll (ARCHITECTURE.md: the cost of the
 * transaction-id order). The alerting's own part is held to the 1 s bound from the flag on both engines, and
 * the whole path from the event to it on PGlite, which has no foreign transactions.
 */
const POSTGRES_EVENT_BOUND_MS = 2_500;

interface StreamedAlert {
  transition: string;
  alert: { id: string; key: string; code: string; caseId?: string; status: string; acknowledgedAt?: string; severity: string };
}

/**
 * The live feed GET /api/v1/kommuner/{kommune}/alerts/stream on the running product, on both engines: firing,
 * acknowledged and resolved transitions as server-sent events, the bearer token as access_token (EventSource
 * cannot send a header), heartbeats, Last-Event-ID, tenancy. The latency bound is the one the issue asks for,
 * measured from the moment POST /api/v1/events answers to the moment the event is read off the stream.
 */
describe.each(['postgres', 'pglite'] as const)('the alert stream on %s', (engine) => {
  let product: Product;
  let staff: string;
  let stream: SseConnection;
  const base = '/api/v1/kommuner/101/alerts/stream';

  beforeAll(async () => {
    product = await startProduct({
      engine,
      env: { ALERT_STREAM_HEARTBEAT: '300ms', ALERT_FEED_STALE_AFTER: 'off', ALERT_GROUP_WAIT: '0s' },
    });
    staff = await product.token('kommune_staff', '101');
    await waitUntilCaughtUp(product); // the alerting has taken its baseline
  }, 60_000);
  afterAll(async () => {
    stream?.close();
    await product?.close();
  });

  const alertsOf = (connection: SseConnection, caseId: string, transition: string): Array<ServerSentEvent & { parsed: StreamedAlert }> =>
    connection.events
      .map((event) => ({ ...event, parsed: JSON.parse(event.data) as StreamedAlert }))
      .filter((event) => event.parsed.alert.caseId === caseId && event.event === transition);

  it(`delivers an event-driven flag within ${LATENCY_BOUND_MS} ms of the flag, with the token as access_token`, async () => {
    stream = await openStream(`${product.url}${base}?access_token=${encodeURIComponent(staff)}`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
    await eventually('the stream to be attached', () => stream.comments.includes('connected'));
    const fromEvent: number[] = [];
    const fromFlag: number[] = [];
    for (const caseId of ['LIVE-1', 'LIVE-2', 'LIVE-3']) {
      const stored = await postEvents(product, grantedLate(caseId));
      let flagSeenAt: number | undefined;
      const [firing] = await eventually(`${caseId} firing on the stream`, async () => {
        // When the flag row became visible (the projection committed it), watched from outside the product.
        if (flagSeenAt === undefined) {
          const { rows } = await product.db.query('SELECT 1 FROM trust_monitor.flags WHERE case_id = $1', [caseId]);
          if (rows.length > 0) flagSeenAt = Date.now();
        }
        const found = alertsOf(stream, caseId, 'firing');
        return found.length > 0 && flagSeenAt !== undefined ? found : undefined;
      });
      fromEvent.push(firing!.receivedAt - stored);
      fromFlag.push(Math.max(0, firing!.receivedAt - flagSeenAt!));
      expect(firing!.parsed).toMatchObject({
        transition: 'firing',
        alert: { code: 'HELP_NOT_STARTED', caseId, status: 'firing', severity: 'critical', kommune: '101' },
      });
      expect(firing!.id).toMatch(/^\d+$/);
    }
    console.log(
      `${engine}: event stored -> alert on the stream ${fromEvent.join(', ')} ms; flag visible -> stream ${fromFlag.join(', ')} ms`,
    );
    for (const latency of fromFlag) expect(latency).toBeLessThan(LATENCY_BOUND_MS);
    for (const latency of fromEvent) expect(latency).toBeLessThan(engine === 'pglite' ? LATENCY_BOUND_MS : POSTGRES_EVENT_BOUND_MS);
  }, 60_000);

  it('streams acknowledged and resolved transitions, and heartbeats', async () => {
    const [firing] = alertsOf(stream, 'LIVE-1', 'firing');
    const ack = await product.request('POST', `/api/v1/alerts/${firing!.parsed.alert.id}/ack`, { token: staff });
    expect(ack.status).toBe(200);
    const [acknowledged] = await eventually(
      'the acknowledgement on the stream',
      () => alertsOf(stream, 'LIVE-1', 'acknowledged')[0] && alertsOf(stream, 'LIVE-1', 'acknowledged'),
    );
    expect(acknowledged!.parsed.alert.acknowledgedAt).toEqual(expect.any(String));
    await postEvents(product, [helpDelivered('LIVE-1')]);
    const [resolved] = await eventually(
      'the resolution on the stream',
      () => alertsOf(stream, 'LIVE-1', 'resolved')[0] && alertsOf(stream, 'LIVE-1', 'resolved'),
    );
    expect(resolved!.parsed.alert).toMatchObject({ status: 'resolved', clearedAt: expect.any(String), key: firing!.parsed.alert.key });
    await eventually('a heartbeat', () => stream.comments.includes('heartbeat'));
  }, 30_000);

  it('sends what a client missed after its Last-Event-ID, and only its own kommune', async () => {
    const lastSeen = stream.events.at(-1)!.id!;
    stream.close();
    await postEvents(product, [...grantedLate('MISSED-1'), ...grantedLate('OTHER-1', '851')]);
    await eventually('MISSED-1 listed', async () => {
      const answer = await product.request('GET', '/api/v1/kommuner/101/alerts', { token: staff });
      return (answer.body as { alerts: Array<{ caseId: string }> }).alerts.some((a) => a.caseId === 'MISSED-1');
    });
    stream = await openStream(`${product.url}${base}`, { authorization: `Bearer ${staff}`, 'last-event-id': lastSeen });
    await eventually('the missed transition', () => alertsOf(stream, 'MISSED-1', 'firing').length === 1);
    expect(stream.events.map((e) => (JSON.parse(e.data) as StreamedAlert).alert.caseId)).not.toContain('OTHER-1');
    expect(stream.events.every((e) => Number(e.id) > Number(lastSeen))).toBe(true);
  }, 30_000);

  it('refuses a missing token, another kommune and the secretariat', async () => {
    const missing = await openStream(`${product.url}${base}`);
    expect(missing.status).toBe(401);
    const foreign = await openStream(`${product.url}${base}?access_token=${await product.token('kommune_staff', '851')}`);
    expect(foreign.status).toBe(403);
    const secretariat = await openStream(`${product.url}${base}?access_token=${await product.token('secretariat')}`);
    expect(secretariat.status).toBe(403);
    // The query token is accepted on this route only.
    const elsewhere = await product.request('GET', `/api/v1/kommuner/101/alerts?access_token=${staff}`);
    expect(elsewhere.status).toBe(401);
  }, 30_000);
});
