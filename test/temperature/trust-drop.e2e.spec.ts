import type { KommuneWarning } from '@tillidsbarometer/trust-monitor/src/warnings';
import { listWarnings } from '@tillidsbarometer/trust-monitor/src/warnings';
import { startProduct, type Product } from '../support/product';
import { answersFor, createRound, eventually, inSeconds, respond } from './survey-helpers';

/**
 * TRUST_DROP end to end, on the embedded store (PGlite): two rounds of one kommune close; the trust monitor's
 * `trust-drop` subscription reads MeasurementClosed from the store and writes the warning the alerting turns into an
 * alert. A significant fall fires; a small one does not.
 */
describe('TRUST_DROP from closed temperature measurements', () => {
  let product: Product;
  let leader: string;

  beforeAll(async () => {
    product = await startProduct({ engine: 'pglite', env: { SURVEY_TICK_MS: '200' } });
    leader = await product.token('kommune_leader', '101');
  }, 60_000);
  afterAll(async () => product?.close());

  /** Ten citizens; on help_needed and knows_offers the given answers (one each), 2 on every other question. */
  async function closedRound(title: string, helpNeeded: number[], knowsOffers: number[]): Promise<string> {
    const round = await createRound(product, leader, { title, roles: ['citizen'], closesAt: inSeconds(3_600), tokensPerRole: 10 });
    for (const [index, token] of round.tokens.citizen!.entries()) {
      const answers = answersFor(
        'citizen',
        (id) => (id === 'help_needed' ? helpNeeded[index]! : id === 'knows_offers' ? knowsOffers[index]! : 2) as 0 | 1 | 2 | 3,
      );
      expect((await respond(product, round.id, { token, answers })).status).toBe(202);
    }
    const closed = await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: leader });
    expect(closed.body).toMatchObject({ status: 'closed', responses: { citizen: 10 } });
    return (closed.body as { closedAt: string }).closedAt;
  }

  it('fires for a significant fall of a citizen mean and not for a small one', async () => {
    // help_needed: {3: 4, 2: 4, 1: 2} (mean 2.2) then {2: 3, 1: 4, 0: 3} (mean 1.0): Welch p = 0.003629 (see trust-drop.unit.spec.ts).
    // knows_offers: {3: 4, 2: 4, 1: 2} (2.2) then {3: 3, 2: 5, 1: 2} (2.1): p = 0.773. Every other question: all 2, no change.
    await closedRound('Forår', [3, 3, 3, 3, 2, 2, 2, 2, 1, 1], [3, 3, 3, 3, 2, 2, 2, 2, 1, 1]);
    const autumnClosedAt = await closedRound('Efterår', [2, 2, 2, 1, 1, 1, 1, 0, 0, 0], [3, 3, 3, 2, 2, 2, 2, 2, 1, 1]);
    const warnings = await eventually<KommuneWarning[]>(
      () => listWarnings(product.db, { kommune: '101', code: 'TRUST_DROP' }),
      (found) => found.length > 0,
    );
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning).toMatchObject({
      code: 'TRUST_DROP',
      kommune: '101',
      series: 'help_needed',
      method: 'welch_t',
      firedAt: autumnClosedAt,
      clearedAt: null,
      details: { mean: 1, previousMean: 2.2, n: 10, previousN: 10 },
    });
    expect(warning!.details['p'] as number).toBeCloseTo(0.003629, 6);
    // Readiness includes the subscription.
    const health = await product.request('GET', '/health');
    expect(health.body).toMatchObject({ info: { trustDrop: { status: 'up' } } });
  });
});
