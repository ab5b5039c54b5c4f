import { randomUUID } from 'node:crypto';
import type { CaseEventRequest } from '@tillidsbarometer/domain';
import { loadHistory } from '../support/load-history';
import { startProduct, type Product } from '../support/product';

const DAY_MS = 86_400_000;

/**
 * Flags in a running product, on the real clock: a time-driven flag shows once its moment passes with no event
 * arriving, an event-driven one as soon as its event is stored. (The latency figures are measured in the
 * benchmark; here only that they appear, and at the right raisedAt.)
 */
describe('case flags on the running product', () => {
  let product: Product;
  let staff: string;

  beforeAll(async () => {
    product = await startProduct({ engine: 'postgres' });
    staff = await product.token('kommune_staff', '101');
  }, 60_000);
  afterAll(async () => product?.close());

  const event = (type: string, caseId: string, occurredAt: number, data: object): CaseEventRequest =>
    ({ eventId: randomUUID(), type, kommune: '101', caseId, occurredAt: new Date(occurredAt).toISOString(), data }) as CaseEventRequest;
  const flagsOf = async (caseId: string) => {
    const answer = await product.request('GET', '/api/v1/kommuner/101/flags?status=all', { token: staff });
    return (answer.body as { flags: Array<{ code: string; caseId: string; raisedAt: string }> }).flags.filter((f) => f.caseId === caseId);
  };

  it('raises DEADLINE_AT_RISK when 80 % of the deadline passes, with no event arriving', async () => {
    const moment = Date.now() + 3_000;
    const receivedAt = moment - (1 * DAY_MS * 4) / 5; // a 1-day deadline: 80 % is 19.2 hours after receipt
    await loadHistory(product, {
      deadlines: [{ kommune: '101', deadlines: [{ area: 'TIME-1', days: 1, effectiveFrom: '2025-01-01T00:00:00Z' }] }],
      events: [
        event('HelpRequested', 'S-TIME-1', receivedAt, { citizenId: 'cit-t1', area: 'TIME-1', department: 'health', channel: 'digital' }),
      ],
    });
    expect(await flagsOf('S-TIME-1')).toEqual([]); // not yet: its moment lies ahead
    let flags = await flagsOf('S-TIME-1');
    while (flags.length === 0 && Date.now() < moment + 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      flags = await flagsOf('S-TIME-1');
    }
    expect(flags).toEqual([expect.objectContaining({ code: 'DEADLINE_AT_RISK', raisedAt: new Date(moment).toISOString() })]);
    expect(Date.now()).toBeGreaterThan(moment); // and not before its moment
  }, 30_000);

  it('raises CASEWORKER_CHURN as soon as the third caseworker is assigned', async () => {
    const now = Date.now();
    await loadHistory(product, {
      deadlines: [],
      events: [
        event('HelpRequested', 'S-CHURN-1', now - 40 * DAY_MS, {
          citizenId: 'cit-c1',
          area: 'NONE',
          department: 'jobcenter',
          channel: 'oral',
        }),
        event('CaseworkerAssigned', 'S-CHURN-1', now - 39 * DAY_MS, { caseworkerId: 'cw-a', reason: 'initial' }),
        event('CaseworkerAssigned', 'S-CHURN-1', now - 20 * DAY_MS, { caseworkerId: 'cw-b', reason: 'sickness' }),
      ],
    });
    expect(await flagsOf('S-CHURN-1')).toEqual([]);
    const third = now - 1_000;
    const answer = await product.request('POST', '/api/v1/events', {
      token: await product.token('source_system', '101'),
      body: event('CaseworkerAssigned', 'S-CHURN-1', third, { caseworkerId: 'cw-c', reason: 'resignation' }),
    });
    expect(answer.status).toBe(201);
    const stored = Date.now();
    let flags = await flagsOf('S-CHURN-1');
    while (flags.length === 0 && Date.now() < stored + 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      flags = await flagsOf('S-CHURN-1');
    }
    expect(flags).toEqual([expect.objectContaining({ code: 'CASEWORKER_CHURN', raisedAt: new Date(third).toISOString() })]);
  }, 30_000);
});
