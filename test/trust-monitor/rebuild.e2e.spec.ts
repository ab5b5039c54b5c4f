import { spawn } from 'node:child_process';
import path from 'node:path';
import { PostgresEventStore, type Database } from '@tillidsbarometer/event-store';
import { generateHistory } from '@tillidsbarometer/testing';
import { emptyTrustMonitor, TRUST_PROJECTION, TrustProjectionService } from '@tillidsbarometer/trust-monitor';
import { loadHistory, waitUntilCaughtUp } from '../support/load-history';
import { startProduct, type Product } from '../support/product';
import { startService, WORKSPACE_ROOT, type ServiceProcess } from '../support/service-process';
import { trustFigures } from '../support/trust-figures';

const KOMMUNER = ['101', '147', '825'];
const MOMENTS = ['2025-03-01T00:00:00Z', '2025-06-15T12:00:00Z', '2025-10-01T00:00:00Z'];

/**
 * The read model is a function of the store alone: replaying everything (a rebuild, or catching up after any
 * number of crashes) gives exactly the indicators and flags that live processing gave, batch by batch.
 */
describe('rebuilding the trust monitor', () => {
  let product: Product;
  let live: Record<string, unknown>;
  let db: Database;

  beforeAll(async () => {
    product = await startProduct({ engine: 'postgres' });
    // About 45,000 events: enough for the catch-up to take a few batches of 2,000, so the kills land inside it.
    const history = generateHistory({
      seed: 20_261_123,
      kommuner: KOMMUNER,
      from: '2024-10-01T00:00:00Z',
      to: '2025-10-01T00:00:00Z',
      scale: 0.2,
    });
    // Small batches, so live processing sees other batch boundaries than the rebuild does.
    await loadHistory(product, { deadlines: history.deadlines, events: history.events() }, 200);
    live = await figures(product.request, product.url);
    // From here on the product's own projection stands still: the rebuilds below own the read model.
    await product.app.get(TrustProjectionService).onApplicationShutdown();
    db = product.db; // a connection of its own to the product's database
  }, 240_000);

  afterAll(async () => product?.close());

  const figures = (request: Product['request'], _url: string) =>
    trustFigures(request, (kommune) => product.token('kommune_staff', kommune), KOMMUNER, MOMENTS);

  it('has something to compare: flags of every kind and figures with denominators', () => {
    const text = JSON.stringify(live);
    for (const code of ['DEADLINE_AT_RISK', 'DEADLINE_EXCEEDED_WITHOUT_NOTICE', 'HELP_NOT_STARTED', 'REFUSAL_NOT_EXPLAINED']) {
      expect(text).toContain(code);
    }
    expect(live['101 2025-10-01T00:00:00Z 365']).toMatchObject({ indicators: { timely_decisions: { denominator: expect.any(Number) } } });
    expect(
      (live['101 2025-10-01T00:00:00Z 365'] as { indicators: { timely_decisions: { denominator: number } } }).indicators.timely_decisions
        .denominator,
    ).toBeGreaterThan(20);
  });

  it('npm run rebuild replays the store with a progress bar and gives exactly the live figures', async () => {
    const output = await run('node', ['dist/apps/trust-monitor/src/rebuild.js'], {
      DATABASE_URL: product.databaseUrl!,
      JWT_SECRET: product.jwtSecret,
      PSEUDONYMISATION_KEYS_FILE: product.keysFile,
    });
    expect(output).toMatch(/rebuilding trust monitor \|.*\| 100%/);
    expect(output).toMatch(/rebuilt from \d+ events/);
    expect(await figures(product.request, product.url)).toEqual(live);
  }, 240_000);

  it('catches up to the same figures after being killed (SIGKILL) at random points of its catch-up', async () => {
    const store = await PostgresEventStore.open(db);
    await emptyTrustMonitor(db, store);
    const head = await maxPosition(db);
    const env = {
      DATABASE_URL: product.databaseUrl!,
      JWT_SECRET: product.jwtSecret,
      PSEUDONYMISATION_KEYS_FILE: product.keysFile,
      LOG_LEVEL: 'warn',
    };
    const killedAt: number[] = [];
    for (let kill = 0; kill < 4; kill++) {
      const from = killedAt.at(-1) ?? 0;
      const target = from + 1 + Math.random() * 0.4 * (head - from); // a random point of the catch-up still ahead
      const service = await startService('apps/trust-monitor/src/main.ts', env);
      const position = await waitForPosition(db, service, target);
      service.child.kill('SIGKILL');
      await service.exited;
      killedAt.push(position);
    }
    // Every kill came while events were still ahead, and after some had been projected.
    expect(killedAt.filter((position) => position <= 0 || position >= head)).toEqual([]);
    expect(killedAt).toHaveLength(4);
    const service = await startService('apps/trust-monitor/src/main.ts', env);
    try {
      await waitUntilCaughtUp({ request: (method, pathname) => request(service, method, pathname) } as Product, 120_000);
      expect(await figures((method, pathname, options) => request(service, method, pathname, options?.token), service.url)).toEqual(live);
    } finally {
      await service.stop();
    }
  }, 300_000);
});

async function maxPosition(db: Database): Promise<number> {
  const { rows } = await db.query<{ p: number }>('SELECT max(global_position)::int8 AS p FROM event_store.events');
  return rows[0]!.p;
}

/** Polls the projection's committed checkpoint until it passes `target`; returns where it stood. */
async function waitForPosition(db: Database, service: ServiceProcess, target: number): Promise<number> {
  for (;;) {
    const { rows } = await db.query<{ p: number }>('SELECT global_position AS p FROM event_store.subscriptions WHERE name = $1', [
      TRUST_PROJECTION,
    ]);
    const position = rows[0]?.p ?? 0;
    if (position >= target) return position;
    if (service.child.exitCode !== null) throw new Error(`the trust monitor exited: ${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function request(service: ServiceProcess, method: string, pathname: string, token?: string) {
  const response = await fetch(`${service.url}${pathname}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(
    () => undefined,
  );
  if (!response) return { status: 0, body: undefined, text: '', headers: new Headers() };
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text, headers: response.headers };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: path.resolve(WORKSPACE_ROOT), env: { ...process.env, NODE_OPTIONS: '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output}`))));
  });
}
