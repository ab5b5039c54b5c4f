import { HAND_BUILT_SCENARIOS } from '../support/contract-reference/hand-built-histories';
import { loadHistory } from '../support/load-history';
import { closeTo } from '../support/close-to';
import { startProduct, type Product } from '../support/product';

/**
 * Hand-built case histories with every indicator and flag worked out by hand (the arithmetic is in
 * hand-built-histories.ts), through the real API, on the embedded store and on PostgreSQL.
 */
describe.each(['pglite', 'postgres'] as const)('hand-built histories through the API on %s', (engine) => {
  describe.each(HAND_BUILT_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_, scenario) => {
    let product: Product;

    beforeAll(async () => {
      product = await startProduct({ engine });
      await loadHistory(product, scenario.history);
    }, 60_000);
    afterAll(async () => product?.close());

    it.each(scenario.indicatorQueries.map((q, index) => [index, q.query.asOf, q.query.window, q.query.department ?? 'all', q] as const))(
      'indicators #%i at %s over %i days, %s',
      async (_index, _asOf, _window, _department, { query, expected }) => {
        const parameters = new URLSearchParams({ asOf: query.asOf, window: String(query.window) });
        if (query.department) parameters.set('department', query.department);
        const answer = await product.request('GET', `/api/v1/kommuner/${query.kommune}/indicators?${parameters}`, {
          token: await product.token('kommune_staff', query.kommune),
        });
        expect(answer.status).toBe(200);
        const body = answer.body as { casesWithoutDeadline: number; indicators: Record<string, unknown> };
        const { casesWithoutDeadline, ...indicators } = expected;
        if (casesWithoutDeadline !== undefined) expect(body.casesWithoutDeadline).toBe(casesWithoutDeadline);
        for (const [id, figure] of Object.entries(indicators)) {
          expect({ id, figure: body.indicators[id] }).toEqual({ id, figure: closeTo(figure) });
        }
      },
    );

    it.each(scenario.flagQueries.map((q, index) => [index, q.query.now, q.query.status ?? 'open', q] as const))(
      'flags #%i at %s, %s',
      async (_index, _now, _status, { query, expected }) => {
        const parameters = new URLSearchParams({ asOf: query.now, status: query.status ?? 'open' });
        if (query.code) parameters.set('code', query.code);
        const answer = await product.request('GET', `/api/v1/kommuner/${query.kommune}/flags?${parameters}`, {
          token: await product.token('kommune_staff', query.kommune),
        });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ flags: expected });
      },
    );
  });
});
