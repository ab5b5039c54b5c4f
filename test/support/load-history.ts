import type { CaseEventRequest } from '@tillidsbarometer/domain';
import type { Product } from './product';

export interface HistoryToLoad {
  deadlines: Array<{ kommune: string; deadlines: Array<{ area: string; days: number; effectiveFrom: string }> }>;
  events: Iterable<CaseEventRequest>;
}

/**
 * Feeds a history to a running product through its public API, as the kommuner's systems would: each
 * kommune's leader publishes its deadlines, its case system posts the events in arrival order in batches.
 * Fails loudly on anything not stored, then waits until the projections have caught up (GET /health).
 */
export async function loadHistory(product: Product, history: HistoryToLoad, batchSize = 1_000): Promise<number> {
  for (const { kommune, deadlines } of history.deadlines) {
    const answer = await product.request('PUT', `/api/v1/kommuner/${kommune}/deadlines`, {
      token: await product.token('kommune_leader', kommune),
      body: deadlines,
    });
    if (answer.status !== 200) throw new Error(`deadlines of ${kommune}: ${answer.status} ${answer.text}`);
  }
  const admin = await product.token('admin');
  let posted = 0;
  let batch: CaseEventRequest[] = [];
  const send = async () => {
    if (batch.length === 0) return;
    const answer = await product.request('POST', '/api/v1/events', { token: admin, body: batch });
    const results = answer.body as Array<{ status: string; errors?: unknown }>;
    const refused = Array.isArray(results) ? results.findIndex((r) => r.status !== 'stored') : -1;
    if (answer.status !== 200 || refused >= 0) {
      throw new Error(
        `batch at event ${posted + Math.max(refused, 0)}: ${answer.status} ${JSON.stringify(results[refused] ?? answer.body)}`,
      );
    }
    posted += batch.length;
    batch = [];
  };
  for (const event of history.events) {
    batch.push(event);
    if (batch.length >= batchSize) await send();
  }
  await send();
  await waitUntilCaughtUp(product);
  return posted;
}

/** GET /health answers 200 once the projections have caught up with the store (CONTRACT.md section 10). */
export async function waitUntilCaughtUp(product: Product, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await product.request('GET', '/health');
    if (answer.status === 200) return;
    if (Date.now() > until) throw new Error(`the projections did not catch up within ${timeoutMs} ms: ${answer.text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
