import { randomUUID } from 'node:crypto';
import type { Role } from '@tillidsbarometer/auth';
import { loadHistory } from '../support/load-history';
import { startProduct, type Product } from '../support/product';

/**
 * A kommune sees only its own data (DOMAIN.md, Personal data). Walks every kommune-scoped endpoint of the
 * OpenAPI document, so an endpoint added later is walked too, with tokens that must not get in.
 */
describe('tenancy of the kommune endpoints', () => {
  let product: Product;
  let endpoints: Array<{ method: string; path: string }>;

  beforeAll(async () => {
    product = await startProduct({ engine: 'pglite' });
    await loadHistory(product, {
      deadlines: [{ kommune: '101', deadlines: [{ area: 'SEL-83', days: 30, effectiveFrom: '2025-01-01T00:00:00Z' }] }],
      events: [
        {
          eventId: randomUUID(),
          type: 'HelpRequested',
          kommune: '101',
          caseId: 'S-TENANCY-1',
          occurredAt: '2026-01-01T00:00:00Z',
          data: { citizenId: 'cit-1', area: 'SEL-83', department: 'adult_disability', channel: 'written' },
        },
      ],
    });
    const document = (await product.request('GET', '/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    endpoints = Object.entries(document.paths)
      .filter(([path]) => path.includes('{kommune}'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
  }, 60_000);

  afterAll(async () => product?.close());

  const concrete = (path: string) => path.replace('{kommune}', '101').replace('{indicator}', 'timely_decisions');

  it('finds the trust monitor endpoints in the OpenAPI document', () => {
    const paths = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/v1/kommuner/{kommune}/indicators',
        'GET /api/v1/kommuner/{kommune}/indicators/{indicator}/series',
        'GET /api/v1/kommuner/{kommune}/flags',
        'GET /api/v1/kommuner/{kommune}/deadlines',
      ]),
    );
  });

  const outsiders: Array<[string, Role, string | undefined]> = [
    ['staff of another kommune', 'kommune_staff', '147'],
    ['a leader of another kommune', 'kommune_leader', '147'],
    ['the case system of another kommune', 'source_system', '147'],
    ['the secretariat', 'secretariat', undefined],
  ];
  it.each(outsiders)('refuses %s on every endpoint with 403, revealing nothing', async (_, role, kommune) => {
    const token = await product.token(role, kommune);
    for (const { method, path } of endpoints) {
      const answer = await product.request(method, concrete(path), { token, ...(method === 'PUT' ? { body: [] } : {}) });
      expect({ endpoint: `${method} ${path}`, status: answer.status }).toEqual({ endpoint: `${method} ${path}`, status: 403 });
      expect(answer.text).not.toContain('S-TENANCY-1');
    }
  });

  it('answers the kommune its own leadership, and refuses a request without a token with 401', async () => {
    // kommune_leader reaches everything kommune_staff does, and the measurements and snapshots besides.
    const own = await product.token('kommune_leader', '101');
    // A server-sent-event stream never ends, so its body cannot be read here: test/alerts/stream.e2e.spec.ts walks it.
    for (const { path } of endpoints.filter((e) => e.method === 'GET' && !e.path.endsWith('/stream'))) {
      // A path with an id of its own (a snapshot's) is reachable, and the made-up id is simply not found.
      const expected = /\{(?!kommune\}|indicator\})[^}]+\}/.test(path) ? 404 : 200;
      expect({ path, status: (await product.request('GET', concrete(path), { token: own })).status }).toEqual({ path, status: expected });
      expect({ path, status: (await product.request('GET', concrete(path))).status }).toEqual({ path, status: 401 });
    }
    const flags = await product.request('GET', '/api/v1/kommuner/101/flags?status=all', { token: own });
    expect(JSON.stringify(flags.body)).toContain('S-TENANCY-1'); // the flag is there for the kommune itself
  });
});
