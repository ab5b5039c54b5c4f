import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { issueToken } from '@tillidsbarometer/auth';
import { NatsBus } from '@tillidsbarometer/bus';
import { startNatsServer } from '@tillidsbarometer/bus/testing';
import { DEPARTMENTS, KOMMUNE_CODES, SNAPSHOT_TREND_INDICATORS, type KommuneSnapshot } from '@tillidsbarometer/domain';
import { migrate, type Database } from '@tillidsbarometer/event-store';
import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
import { distribution, proportion, rate } from '@tillidsbarometer/indicators';
import { INDICATOR_IDS, type IndicatorId } from '@tillidsbarometer/trust-monitor';
import { loadNationalFeedConfig } from '@tillidsbarometer/trust-monitor/src/national-feed/national-feed.config';
import { nationalFeedMigrations } from '@tillidsbarometer/trust-monitor/src/national-feed/national-feed.schema';
import { SnapshotRelay } from '@tillidsbarometer/trust-monitor/src/national-feed/outbox/snapshot-relay';
import { buildKommuneSnapshot, type RawCell } from '@tillidsbarometer/trust-monitor/src/national-feed/snapshot/build-kommune-snapshot';
import { trendMoments } from '@tillidsbarometer/trust-monitor/src/national-feed/snapshot/gather-snapshot-facts';
import { freePort } from './processes';
import { format, machine, median, progress, quantile, writeSection } from './report';

const NAME = 'national';
const WORKSPACE_ROOT = path.resolve(__dirname, '../..');
const RUNS = 5;
const API_REQUESTS = 200;
const API_WARM_UP = 20;
const AS_OF = new Date('2026-11-23T00:00:00+01:00');

interface FeedRun {
  snapshots: number;
  bytes: number;
  /** Outbox rows present → every row marked sent (the bus acknowledged all). */
  publishSeconds: number;
  /** Outbox rows present → every snapshot stored in the national store by the national service. */
  endToEndSeconds: number;
}

interface ApiRun {
  table: number[];
  funnel: number[];
}

/**
 * Issue 7's benchmark: 98 kommune snapshots of full size (every indicator × window × department, the 12-month
 * trend, a closed measurement, warnings) published from a kommune outbox by the real relay over a NATS JetStream of
 * the benchmark's own, consumed by the national service (compiled, in a process of its own, PostgreSQL) into its
 * store; then the national API's latency for the 98-row table and the funnel.
 */
export async function nationalBenchmark(): Promise<void> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-national-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [() => rmSync(workDir, { recursive: true, force: true })];
  let national: ChildProcess | undefined;
  try {
    execFileSync(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/build.mjs')], { stdio: 'inherit' });
    // What was just built, copied (dist/ is a link to the latest build, which a build elsewhere may replace).
    cpSync(realpathSync(path.join(WORKSPACE_ROOT, 'dist')), path.join(workDir, 'dist'), { recursive: true, verbatimSymlinks: true });
    symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());
    const kommuneDatabase = await createTestDatabase('postgres');
    cleanups.push(() => kommuneDatabase.drop());
    const nationalDatabase = await createTestDatabase('postgres');
    cleanups.push(() => nationalDatabase.drop());

    const keysFile = path.join(workDir, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    const jwtSecret = randomBytes(32).toString('base64url');
    const port = await freePort();
    let output = '';
    national = spawn(process.execPath, [path.join(workDir, 'dist/apps/national/src/main.js')], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        DATABASE_URL: nationalDatabase.url!,
        NATS_URL: nats.url,
        JWT_SECRET: jwtSecret,
        PSEUDONYMISATION_KEYS_FILE: keysFile,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    national.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    national.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200,
      90_000,
      () => `national /health:\n${output}`,
    );

    const kommuneDb = kommuneDatabase.connectAgain();
    const nationalDb = nationalDatabase.connectAgain();
    await migrate(kommuneDb, 'national_feed', nationalFeedMigrations);
    const bus = await NatsBus.connect({ servers: nats.url });
    cleanups.push(() => bus.close());
    Logger.overrideLogger(['log', 'warn', 'error']); // the relay's debug line per batch is noise here
    const relay = new SnapshotRelay(kommuneDb, bus, loadNationalFeedConfig({ NATIONAL_FEED_POLL_MS: '20' }));

    const runs: FeedRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const snapshots = KOMMUNE_CODES.map((kommune, i) => fullSnapshot(kommune, i, run));
      const payloads = snapshots.map((snapshot) => JSON.stringify(snapshot));
      const bytes = payloads.reduce((sum, payload) => sum + Buffer.byteLength(payload), 0);
      await kommuneDb.query(
        `INSERT INTO national_feed.snapshots (snapshot_id, kommune, reason, as_of, computed_at, payload)
         SELECT x.snapshot_id, x.kommune, 'weekly', x.as_of, x.as_of, x.payload
         FROM json_to_recordset($1::json) AS x(snapshot_id uuid, kommune text, as_of timestamptz, payload text)`,
        [JSON.stringify(snapshots.map((s, i) => ({ snapshot_id: s.snapshotId, kommune: s.kommune, as_of: s.asOf, payload: payloads[i] })))],
      );
      const before = await count(nationalDb, 'SELECT count(*)::int AS n FROM national.snapshots');
      const started = performance.now();
      relay.start();
      let publishSeconds = Number.NaN;
      await until(
        async () => {
          if (
            Number.isNaN(publishSeconds) &&
            (await count(kommuneDb, 'SELECT count(*)::int AS n FROM national_feed.snapshots WHERE published_at IS NULL')) === 0
          ) {
            publishSeconds = (performance.now() - started) / 1000;
          }
          return (await count(nationalDb, 'SELECT count(*)::int AS n FROM national.snapshots')) === before + snapshots.length;
        },
        300_000,
        () => `run ${run}: the national store did not get all snapshots:\n${output}`,
        5,
      );
      const endToEndSeconds = (performance.now() - started) / 1000;
      await relay.stop();
      runs.push({ snapshots: snapshots.length, bytes, publishSeconds, endToEndSeconds });
      progress(
        NAME,
        `feed run ${run}/${RUNS}: ${snapshots.length} snapshots, ${format(bytes / 1e6, 1)} MB, sent in ${format(publishSeconds, 2)} s, ` +
          `stored in ${format(endToEndSeconds, 2)} s`,
      );
    }

    const token = await issueToken(jwtSecret, { sub: 'bench-secretariat', role: 'secretariat' });
    const api: ApiRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const table = await latencies(`${base}/api/v1/national/kommuner?indicator=timely_decisions&window=90`, token);
      const funnel = await latencies(`${base}/api/v1/national/funnel?indicator=timely_decisions&window=365`, token);
      api.push({ table, funnel });
      progress(
        NAME,
        `API run ${run}/${RUNS}: table p95 ${format(quantile(table, 0.95), 1)} ms, funnel p95 ${format(quantile(funnel, 0.95), 1)} ms`,
      );
    }
    writeSection(NAME, report(runs, api));
  } finally {
    if (national && national.exitCode === null) {
      national.kill('SIGTERM');
      await new Promise((resolve) => national!.once('exit', resolve));
    }
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}

async function latencies(url: string, token: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < API_WARM_UP + API_REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    if (i >= API_WARM_UP) times.push(performance.now() - started);
  }
  return times;
}

/**
 * A snapshot of full size built by the publisher's own code: figures that grow with the kommune (so every cell is
 * published, none suppressed, and the values are decimals of full length), the trend, a closed measurement of all 13
 * questions for the three roles, two warnings.
 */
export function fullSnapshot(kommune: string, index: number, run: number): KommuneSnapshot {
  const size = 20 + ((index * 37) % 400);
  const figure = (id: IndicatorId, scale: number, salt: number): RawCell['indicators'][IndicatorId] => {
    const n = Math.max(3, Math.round(size * scale));
    const share = 0.35 + (((index + 1) * (salt + 3) * 7919) % 500) / 1000;
    switch (id) {
      case 'overdue_open_requests': {
        const count = Math.round(n * share);
        const withNotice = Math.round(count / 2);
        return { ...proportion(count, n), count, withNotice, withoutNotice: count - withNotice };
      }
      case 'caseworker_changes_per_case_year':
      case 'personal_contacts_per_case_month':
        return rate(Math.round(n * share * 3), n * 0.731 + 3);
      case 'complaints_per_100_decisions':
        return rate(Math.round(n * share * 0.1), n, 100);
      case 'time_to_decision_days':
      case 'time_to_help_days':
        return distribution(Array.from({ length: n }, (_, i) => 3.21 + ((i * 7.77 + salt) % 91.3)));
      default:
        return proportion(Math.round(n * share), n);
    }
  };
  const cells: RawCell[] = [];
  for (const window of [30, 90, 365] as const) {
    const scale = window / 90;
    cells.push({
      window,
      department: null,
      indicators: Object.fromEntries(INDICATOR_IDS.map((id, salt) => [id, figure(id, scale * 5, salt)])),
      casesOpenInWindow: size * 5,
    });
    DEPARTMENTS.forEach((department, d) =>
      cells.push({
        window,
        department,
        indicators: Object.fromEntries(INDICATOR_IDS.map((id, salt) => [id, figure(id, scale, salt + d)])),
        casesOpenInWindow: size,
      }),
    );
  }
  const trend = trendMoments(AS_OF).flatMap((at, month) =>
    ([30, 90, 365] as const).map((window) => ({
      at,
      window,
      indicators: Object.fromEntries(
        SNAPSHOT_TREND_INDICATORS.map((id, salt) => [id, figure(id as IndicatorId, (window / 90) * 5, salt + month)]),
      ),
    })),
  );
  const questionIds = Array.from({ length: 13 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
  const roles = ['citizen', 'caseworker', 'leader'] as const;
  return buildKommuneSnapshot({
    snapshotId: randomUUID(),
    kommune,
    reason: 'weekly',
    asOf: new Date(AS_OF.getTime() + run * 1000),
    computedAt: new Date(AS_OF.getTime() + run * 1000 + 4_000),
    cells,
    trend,
    measurements: [
      {
        measurementId: randomUUID(),
        closedAt: '2026-11-01T12:00:00.000Z',
        roles: [...roles],
        questionIds: [...questionIds, 'help_in_time'],
        responses: roles.map((role) => ({ role, suppressed: false, n: 40 })),
        questions: questionIds.flatMap((questionId) =>
          roles.map((role) => ({
            questionId,
            role,
            suppressed: false as const,
            n: 37,
            mean: 1.6216216216216217,
            sd: 0.9536048446591218,
            ci95: [1.3036715098066012, 1.9395717334366422] as [number, number],
            distribution: { '3': 9, '2': 10, '1': 13, '0': 5, ved_ikke: 2, naegter_at_svare: 1 },
          })),
        ),
        gaps: questionIds.flatMap((questionId) =>
          (['L-B', 'S-B', 'L-S'] as const).map((gap) => ({
            questionId,
            gap,
            suppressed: false as const,
            difference: 0.8918918918918919,
            ci95: [0.4412131312, 1.3425706525] as [number, number],
            p: 0.00016239188,
          })),
        ),
        timing: roles.map((role) => ({
          role,
          suppressed: false as const,
          n: 38,
          i_rette_tid: 0.5789473684210527,
          noget_sent: 0.2631578947368421,
          saa_sent_at_det_gav_problemer: 0.15789473684210525,
        })),
      },
    ],
    warnings: [
      {
        code: 'DELAYED_HELP_DETERIORATION',
        department: 'jobcenter',
        series: 'late_first_decisions',
        method: 'bernoulli_cusum',
        parameters: { h: 4.53, oddsRatio: 2, baselineWeeks: 52 },
        firedAt: '2026-11-09T23:00:00.000Z',
        clearedAt: null,
      },
      {
        code: 'TRUST_DROP',
        department: null,
        series: 'q03',
        method: 'welch_t',
        parameters: { alpha: 0.05 },
        firedAt: '2026-11-01T12:00:00.000Z',
        clearedAt: null,
      },
    ],
  });
}

async function count(db: Database, sql: string): Promise<number> {
  return (await db.query<{ n: number }>(sql)).rows[0]!.n;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: () => string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function report(runs: FeedRun[], api: ApiRun[]): string {
  const mb = (bytes: number) => bytes / 1e6;
  const rows = runs.map(
    (run, i) =>
      `| ${i + 1} | ${run.snapshots} | ${format(mb(run.bytes), 2)} MB | ${format(run.publishSeconds, 2)} s | ${format(run.endToEndSeconds, 2)} s | ` +
      `${format(run.snapshots / run.endToEndSeconds, 1)} | ${format(mb(run.bytes) / run.endToEndSeconds, 2)} |`,
  );
  const e2e = median(runs.map((run) => run.endToEndSeconds));
  const sent = median(runs.map((run) => run.publishSeconds));
  const snapshotsPerSecond = median(runs.map((run) => run.snapshots / run.endToEndSeconds));
  const mbPerSecond = median(runs.map((run) => mb(run.bytes) / run.endToEndSeconds));
  const size = median(runs.map((run) => run.bytes / run.snapshots));
  const apiRows = api.map(
    (run, i) =>
      `| ${i + 1} | ${format(quantile(run.table, 0.5), 1)} ms / ${format(quantile(run.table, 0.95), 1)} ms | ` +
      `${format(quantile(run.funnel, 0.5), 1)} ms / ${format(quantile(run.funnel, 0.95), 1)} ms |`,
  );
  return `## National feed (issue 7)

${new Date().toISOString().slice(0, 10)} · ${machine()} · PostgreSQL 15 on 127.0.0.1 · a nats-server (JetStream, file store) of the benchmark's own on 127.0.0.1 · the national service compiled (\`dist/apps/national/src/main.js\`) in a process of its own on a database of its own; the kommune side (the outbox and its relay, \`SnapshotRelay\` of the trust monitor) in the benchmark's process on another database. **Everything shares these 2 cores.**

**1. 98 kommune snapshots end to end over NATS**, ${RUNS} runs: each run puts 98 snapshots of full size (every indicator × window × whole kommune and five departments, 288 cells, none suppressed; the 12-month trend, 432 cells; a closed measurement of 13 questions × 3 roles; two warnings; median ${format(size / 1000, 0)} kB of JSON each) into the kommune outbox, then starts the relay. *Sent*: until every row is marked sent (JetStream acknowledged each batch of 20); *stored*: until the national service has validated every snapshot at its door, stored it (the snapshot as history, its warnings, and as the kommune's latest its 720 cells, replacing the ones before) and recomputed NATIONAL_OUTLIER, each in one transaction.

| run | snapshots | bytes | sent | stored (end to end) | snapshots/s | MB/s |
|---|---|---|---|---|---|---|
${rows.join('\n')}
| **median** | 98 | | **${format(sent, 2)} s** | **${format(e2e, 2)} s** | **${format(snapshotsPerSecond, 1)}** | **${format(mbPerSecond, 2)}** |

**2. The national API** on the store of part 1 (98 kommuner, ${RUNS * 98} snapshots of history): one request at a time (fetch, keep-alive), time to the whole body, ${API_REQUESTS} timed after ${API_WARM_UP} untimed per endpoint and run, as the secretariat.

| run | \`GET /api/v1/national/kommuner?indicator=timely_decisions&window=90\` (98 rows) p50 / p95 | \`GET /api/v1/national/funnel?indicator=timely_decisions&window=365\` p50 / p95 |
|---|---|---|
${apiRows.join('\n')}
| **median** | **p95 ${format(median(api.map((run) => quantile(run.table, 0.95))), 1)} ms** | **p95 ${format(median(api.map((run) => quantile(run.funnel, 0.95))), 1)} ms** |
`;
}
