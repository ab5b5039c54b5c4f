import fc from 'fast-check';
import { DEPARTMENTS, type CaseEventRequest } from '@tillidsbarometer/domain';
import { generateHistory } from '@tillidsbarometer/testing';
import { referenceFlags, referenceIndicators, type ReferenceHistory } from '../support/contract-reference';
import { loadHistory } from '../support/load-history';
import { closeTo } from '../support/close-to';
import { startProduct } from '../support/product';

// Three small kommuner (Læsø, Samsø, Fanø): a year of their cases is a few thousand events, the reference's size.
const KOMMUNER = ['825', '741', '563'];
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2026-01-01T00:00:00Z');

/**
 * Random histories from the generator: the API's figures against a straightforward in-memory implementation of
 * the contract written separately (test/support/contract-reference), at random moments, windows and departments.
 */
describe('the API against the reference implementation of the contract', () => {
  it('agrees on every indicator and flag of random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(
          fc.record({
            kommune: fc.constantFrom(...KOMMUNER),
            asOf: fc.integer({ min: FROM + 30 * 86_400_000, max: TO + 60 * 86_400_000 }),
            window: fc.constantFrom(30 as const, 90 as const, 365 as const),
            department: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: undefined }),
          }),
          { minLength: 6, maxLength: 6 },
        ),
        async (seed, queries) => {
          const generated = generateHistory({
            seed,
            kommuner: KOMMUNER,
            from: new Date(FROM).toISOString(),
            to: new Date(TO).toISOString(),
            scale: 0.5,
          });
          const history: ReferenceHistory = { deadlines: generated.deadlines, events: [...generated.events()] as CaseEventRequest[] };
          const product = await startProduct({ engine: 'pglite' });
          try {
            await loadHistory(product, history);
            for (const query of queries) {
              const asOf = new Date(query.asOf).toISOString();
              const parameters = new URLSearchParams({
                asOf,
                window: String(query.window),
                ...(query.department ? { department: query.department } : {}),
              });
              const token = await product.token('kommune_staff', query.kommune);
              const answer = await product.request('GET', `/api/v1/kommuner/${query.kommune}/indicators?${parameters}`, { token });
              const expected = referenceIndicators(history, {
                kommune: query.kommune,
                asOf,
                window: query.window,
                department: query.department,
              });
              expect(answer.body).toEqual(closeTo(expected));
              const flags = await product.request('GET', `/api/v1/kommuner/${query.kommune}/flags?status=all&asOf=${asOf}`, { token });
              expect(flags.body).toEqual(referenceFlags(history, { kommune: query.kommune, now: asOf, status: 'all' }));
            }
          } finally {
            await product.close();
          }
        },
      ),
      { numRuns: 4, verbose: true },
    );
  }, 600_000);
});
