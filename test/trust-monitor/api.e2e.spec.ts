import { randomUUID } from 'node:crypto';
import { generateHistory } from '@tillidsbarometer/testing';
import { TrustProjectionService } from '@tillidsbarometer/trust-monitor';
import { loadHistory } from '../support/load-history';
import { startProduct, type Product } from '../support/product';

/** The trust monitor's read API: the series agrees with the indicators, bad input is a 400 naming the rule, readiness. */
describe('the trust monitor API', () => {
  let product: Product;
  let staff: string;

  beforeAll(async () => {
    product = await startProduct({ engine: 'pglite' });
    const history = generateHistory({ seed: 11, kommuner: ['825'], from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    await loadHistory(product, { deadlines: history.deadlines, events: history.events() });
    staff = await product.token('kommune_staff', '825');
  }, 60_000);
  afterAll(async () => product?.close());

  const get = (path: string) => product.request('GET', `/api/v1/kommuner/825${path}`, { token: staff });

  it('gives in each series point the figure the indicators endpoint gives as of that point', async () => {
    const series = await get(
      '/indicators/time_to_decision_days/series?from=2025-03-01T00:00:00Z&to=2025-07-01T00:00:00Z&step=month&window=30',
    );
    expect(series.status).toBe(200);
    const { points } = series.body as { points: Array<{ at: string; n: number; casesWithoutDeadline: number }> };
    expect(points.map((p) => p.at)).toEqual([
      '2025-03-31T22:00:00.000Z',
      '2025-04-30T22:00:00.000Z',
      '2025-05-31T22:00:00.000Z',
      '2025-06-30T22:00:00.000Z',
    ]);
    expect(points.some((p) => p.n > 0)).toBe(true);
    for (const { at, casesWithoutDeadline, ...figure } of points) {
      const answer = (await get(`/indicators?asOf=${at}&window=30`)).body as {
        casesWithoutDeadline: number;
        indicators: Record<string, unknown>;
      };
      expect({ at, casesWithoutDeadline, figure }).toEqual({
        at,
        casesWithoutDeadline: answer.casesWithoutDeadline,
        figure: answer.indicators['time_to_decision_days'],
      });
    }
  });

  it.each([
    ['/indicators?asOf=yesterday', 'asOf', 'isTimestamp'],
    ['/indicators?asOf=2026-01-01T00:00:00', 'asOf', 'isTimestamp'], // no offset: ambiguous
    ['/indicators?window=7', 'window', 'isIn'],
    ['/indicators?department=finance', 'department', 'isIn'],
    ['/indicators?asof=2026-01-01T00:00:00Z', 'asof', 'unknownField'],
    ['/indicators?window=30&window=90', 'window', 'single'],
    ['/indicators/timely_decisions/series?step=day', 'step', 'isIn'],
    ['/indicators/timely_decisions/series?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from', 'beforeTo'],
    ['/indicators/timely_decisions/series?from=2016-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from', 'maxRange'],
    ['/flags?status=closed', 'status', 'isIn'],
    ['/flags?code=LATE', 'code', 'isIn'],
  ])('answers GET %s with 400 naming %s and the rule %s', async (path, field, rule) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, errors: [expect.objectContaining({ field, rule })] });
  });

  it('answers an unknown indicator or kommune with 404', async () => {
    expect((await get('/indicators/happiness/series')).status).toBe(404);
    const admin = await product.token('admin');
    expect((await product.request('GET', '/api/v1/kommuner/999/indicators', { token: admin })).status).toBe(404);
  });

  it('is not ready (503) while the projection is behind the store', async () => {
    expect((await product.request('GET', '/health')).status).toBe(200);
    await product.app.get(TrustProjectionService).onApplicationShutdown(); // the projection stops following
    const answer = await product.request('POST', '/api/v1/events', {
      token: await product.token('source_system', '825'),
      body: {
        eventId: randomUUID(),
        type: 'HelpRequested',
        kommune: '825',
        caseId: 'S-HEALTH-1',
        occurredAt: '2026-01-02T00:00:00Z',
        data: { citizenId: 'cit-h1', area: 'SEL-83', department: 'health', channel: 'written' },
      },
    });
    expect(answer.status).toBe(201);
    const health = await product.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.text).toContain('trustMonitorProjection');
  });
});
