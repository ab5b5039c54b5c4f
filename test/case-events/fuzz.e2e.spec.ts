import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { caseEvent, samples } from '../support/case-event-samples';
import { startProduct, type Product } from '../support/product';

/**
 * A few thousand random and mutated payloads against POST /api/v1/events on a real PostgreSQL: whatever
 * arrives, the answer is never a 5xx. fast-check prints the seed of a failing run, to replay it.
 */
describe('fuzzing POST /api/v1/events', () => {
  let product: Product;
  let token: string;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    product = await startProduct({ engine: 'postgres' });
    token = await product.token('source_system', '101');
    // Some cases to refer to, so that mutations also reach the decider with a history.
    for (let i = 0; i < 5; i++)
      await send([samples.helpRequested(`SAG-F${i}`), samples.decision(`SAG-F${i}`, 'D1', i % 2 ? 'refused' : 'granted')]);
  }, 60_000);

  afterAll(async () => {
    await product?.close();
  });

  async function send(body: unknown, raw?: string): Promise<number> {
    const response = await fetch(`${product.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response.status;
  }

  const validEvents = () => {
    const caseId = `SAG-F${Math.floor(Math.random() * 6)}`;
    return [
      samples.helpRequested(caseId),
      samples.contact(caseId),
      samples.decision(caseId, `D${Math.floor(Math.random() * 3)}`, 'partially_granted'),
      samples.explained(caseId, 'D1'),
      samples.delivered(caseId, 'D1'),
      samples.caseworker(caseId, 'CW-1'),
      samples.closed(caseId),
      caseEvent('ComplaintReceived', { complaintId: 'C1', kind: 'appeal', decisionId: 'D1' }, { caseId }),
      caseEvent('ComplaintReassessed', { complaintId: 'C1', result: 'kept' }, { caseId }),
      caseEvent('AppealDecided', { complaintId: 'C1', outcome: 'aendret' }, { caseId }),
      caseEvent('DeadlineExtensionNotified', { expectedDecisionBy: '2026-04-01T00:00:00Z' }, { caseId }),
    ];
  };

  /** Something nasty to put where a value was. */
  const nastyValue = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom('', '\u0000', '\ud800', 'x'.repeat(70_000), '0101901234', '1e309', '2026-02-30T00:00:00Z', '__proto__', 'constructor'),
    fc.constantFrom(-0, Number.MAX_SAFE_INTEGER + 2, -1, 1e308, 0.1),
    fc.constant(null),
  );

  const mutation = fc.record({
    pick: fc.nat(),
    where: fc.constantFrom('envelope', 'data'),
    action: fc.constantFrom('delete', 'replace', 'add', 'type'),
    key: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('__proto__', 'constructor', 'eventId', 'type', 'kommune', 'caseId', 'data'),
    ),
    value: nastyValue,
  });

  function mutate(m: typeof mutation extends fc.Arbitrary<infer T> ? T : never): Record<string, unknown> {
    const events = validEvents();
    const event: Record<string, unknown> = JSON.parse(JSON.stringify(events[m.pick % events.length]));
    event['eventId'] = randomUUID();
    const target = (m.where === 'data' && event['data'] && typeof event['data'] === 'object' ? event['data'] : event) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(target);
    const key = keys[m.pick % keys.length] ?? m.key;
    if (m.action === 'delete') delete target[key];
    if (m.action === 'replace') target[key] = m.value;
    if (m.action === 'add') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    if (m.action === 'type') event['type'] = typeof m.value === 'string' ? m.value : events[(m.pick + 1) % events.length]!.type;
    return event;
  }

  it('answers arbitrary JSON with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => (await send(body)) < 500),
      { numRuns: 1_200 },
    );
  }, 180_000);

  it('answers mutated events, alone and in batches, with a 2xx or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 12 }), fc.boolean(), async (mutations, asBatch) => {
        const events = mutations.map(mutate);
        return (await send(asBatch ? events : events[0])) < 500;
      }),
      { numRuns: 1_500 },
    );
  }, 240_000);

  it('answers bytes that are not JSON with 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        const status = await send(undefined, `{${text}`);
        return status === 400 || status === 413;
      }),
      { numRuns: 500 },
    );
    // Everything above reached the service: the tally proves it answered, and how.
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3_200);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(statuses.get(422)).toBeGreaterThan(100);
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(10);
  }, 120_000);
});
