import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueToken, Pseudonymiser } from '@tillidsbarometer/auth';
import {
  caseStreamName,
  DEPARTMENTS,
  KOMMUNE_CODES,
  kommuneByCode,
  kommuneConfigStreamName,
  toCaseEvent,
  validateDeadlinesRequest,
  type CaseEventRequest,
} from '@tillidsbarometer/domain';
import {
  connectNodePostgres,
  openDatabase,
  PostgresEventStore,
  type Database,
  type JsonValue,
  type NewEvent,
  type SqlClient,
} from '@tillidsbarometer/event-store';
import { TEST_POSTGRES_ADMIN_URL } from '@tillidsbarometer/event-store/testing';
import { AREAS, generateHistory } from '@tillidsbarometer/testing';
import { computeIndicators, TRUST_PROJECTION, WINDOWS } from '@tillidsbarometer/trust-monitor';
// Not part of the package's API: the benchmark times the indicator statements themselves with EXPLAIN ANALYZE.
import { cpuSeconds, freePort } from './processes';
import { format, machine, median, progress, quantile, writeSection } from './report';

const NAME = 'trust-monitor';
const WORKSPACE_ROOT = path.resolve(__dirname, '../..');
const DAY_MS = 86_400_000;

/** What the benchmark runs on and how long each part takes; `trustMonitorBenchmark()` uses DEFAULTS. */
export interface TrustMonitorBenchOptions {
  /** The PostgreSQL database that holds the dataset: reused while its marker matches, else (re)created. */
  database: string;
  seed: number;
  /** Default: all 98. */
  kommuner?: readonly string[];
  from: string;
  to: string;
  scale: number;
  rebuildRuns: number;
  /** A second rebuild run only when the first took less than this. */
  secondRebuildUnlessSlowerThanSeconds: number;
  /** Timed indicator requests per (kommune class, window), after INDICATOR_WARM_UP per cell. */
  indicatorRequestsPerCell: number;
  loadSeconds: number;
  writeResults: boolean;
}

export const DEFAULTS: TrustMonitorBenchOptions = {
  database: 'tb_bench_denmark',
  seed: 20_241_101,
  from: '2024-11-01T00:00:00Z',
  to: '2026-11-01T00:00:00Z',
  scale: 1.25,
  rebuildRuns: 2,
  secondRebuildUnlessSlowerThanSeconds: 360,
  indicatorRequestsPerCell: 50,
  loadSeconds: 120,
  writeResults: true,
};

// 1. Dataset
const LOAD_BATCH = 2_000; // events per appendToStreams call while loading
const LOAD_PROGRESS_MS = 5_000;
const LOADER_SUBJECT = 'bench-trust-monitor-loader';
const MIN_DATASET_EVENTS = 5_000_000;
// 2. Rebuild
const TARGET_REBUILD_EVENTS_PER_SECOND = 50_000;
const RSS_SAMPLE_MS = 200;
const REBUILD_PROGRESS_MS = 10_000;
const REBUILD_STALL_MS = 180_000;
// 3. Indicators
const KOBENHAVN = '101';
const AARHUS = '751';
const LAESO = '825';
const INDICATOR_WARM_UP = 5; // untimed requests per (class, window)
const RANDOM_AS_OFS = 4;
const TARGET_INDICATORS_P95_MS = 50;
// 4. Event to flag
const LOAD_KOMMUNER = ['101', '751', '851', '461', '561', '630', '147', '621', '615', '730']; // ten large kommuner
const LOAD_SEED = 20_261_123;
const LOAD_PERIOD_DAYS = 21;
const LOAD_RATE = 1_000; // events/s
const LOAD_BATCH_SIZE = 100;
const LOAD_INTERVAL_MS = (LOAD_BATCH_SIZE * 1_000) / LOAD_RATE;
const PROBE_INTERVAL_MS = 500;
const PROBE_START_MS = 5_000; // after the load starts
const PROBE_STOP_BEFORE_END_MS = 2_000;
const POLL_INTERVAL_MS = 10;
const PROBE_TIMEOUT_MS = 30_000;
const MIN_PROBES = 150;
const TARGET_FLAG_P99_MS = 1_000;
const LAG_SAMPLE_MS = 1_000;

const met = (ok: boolean) => (ok ? '(met)' : '(**not met**)');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 4's benchmark, on the real PostgreSQL: a dataset of all 98 kommuner over two years (about 5 million
 * events, loaded once and reused); the rebuild CLI on it (throughput, memory); the indicators endpoint of the
 * trust-monitor service on the rebuilt read model (latency per kommune size and window, and EXPLAIN ANALYZE of
 * its statements); and the whole product under a steady ingest of 1,000 events/s, timing event → flag.
 */
export async function trustMonitorBenchmark(options: TrustMonitorBenchOptions = DEFAULTS): Promise<void> {
  // The keys file and a snapshot of the compiled code, removed however the benchmark ends (but SIGKILL).
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-trust-monitor-'));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  process.on('exit', removeWorkDir);
  const children = new ChildProcesses();
  try {
    execFileSync(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/build.mjs')], { stdio: 'inherit' });
    const code = codeVersion();
    progress(NAME, `code: ${code}`);
    // What was just built, copied: `npm run build` elsewhere (the end-to-end tests build before they run) must not
    // change or remove the code under measurement between the parts. Beside it a link to the workspace's
    // node_modules, where the compiled code finds its third-party packages as it does from dist/.
    cpSync(path.join(WORKSPACE_ROOT, 'dist'), path.join(workDir, 'dist'), { recursive: true, verbatimSymlinks: true });
    symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    const scripts: Scripts = {
      rebuild: path.join(workDir, 'dist/apps/trust-monitor/src/rebuild.js'),
      trustMonitor: path.join(workDir, 'dist/apps/trust-monitor/src/main.js'),
      standalone: path.join(workDir, 'dist/apps/standalone/src/main.js'),
    };
    const keys = datasetKeys(options.seed);
    const keysFile = path.join(workDir, 'pseudonymisation-keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')]))), { mode: 0o600 });
    const env: ServiceEnv = {
      DATABASE_URL: databaseUrl(options.database),
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PSEUDONYMISATION_KEYS_FILE: keysFile,
    };

    const dataset = await ensureDataset(options, keys);
    const rebuilds = await rebuildRuns(options, env, children, scripts.rebuild);
    const readModel = await readModelFacts(options.database);
    progress(
      NAME,
      `read model: ${Object.entries(readModel.rows)
        .map(([t, n]) => `${t} ${format(n)}`)
        .join(', ')}; ANALYZE ${format(readModel.analyzeSeconds, 1)} s`,
    );
    const indicators = await indicatorLatency(options, env, children, scripts.trustMonitor);
    const explained = await explainIndicators(options);
    const flags = await eventToFlag(options, env, children, scripts.standalone);

    const markdown = report({ options, code, dataset, rebuilds, readModel, indicators, explained, flags });
    if (options.writeResults) {
      writeSection(NAME, markdown);
      progress(NAME, 'written to bench/results.md');
    } else {
      process.stdout.write(`${markdown}\n`);
    }
  } finally {
    await children.stopAll();
    removeWorkDir();
    process.off('exit', removeWorkDir);
  }
}

/** The compiled entry points, in the snapshot. */
interface Scripts {
  rebuild: string;
  trustMonitor: string;
  standalone: string;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Dataset

interface DatasetFacts {
  events: number;
  cases: number;
  deadlinePublications: number;
  maxPosition: number;
  loadSeconds: number;
  vacuumSeconds: number;
  loadedAt: string;
  reused: boolean;
  /** Events appended after the dataset by an earlier run (the event-to-flag load), removed before this one. */
  removedExtra: number;
  databaseBytes: number;
  estimate: number;
}

function databaseUrl(database: string): string {
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Fixed per seed, so that a reused dataset and every run's services pseudonymise alike (a benchmark's keys only). */
function datasetKeys(seed: number): Map<string, Buffer> {
  return new Map(KOMMUNE_CODES.map((code) => [code, createHash('sha256').update(`tillidsbarometer benchmark ${seed} ${code}`).digest()]));
}

function datasetSpec(options: TrustMonitorBenchOptions): string {
  const { seed, from, to, scale } = options;
  return JSON.stringify({ seed, kommuner: options.kommuner ?? 'all', from, to, scale, loader: 1, batch: LOAD_BATCH });
}

async function withAdmin<T>(work: (admin: Database) => Promise<T>): Promise<T> {
  const admin = connectNodePostgres({ connectionString: TEST_POSTGRES_ADMIN_URL, max: 1, applicationName: 'bench-trust-monitor-admin' });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

function openBenchDatabase(database: string, applicationName: string): Promise<Database> {
  return openDatabase({ databaseUrl: databaseUrl(database), dataDir: '', applicationName });
}

interface Marker {
  spec: string;
  events: number;
  cases: number;
  deadline_publications: number;
  max_position: number;
  load_seconds: number;
  vacuum_seconds: number;
  loaded_at: Date;
}

/** Reuses the database when its marker names this dataset and it holds the marker's events; else loads it afresh. */
async function ensureDataset(options: TrustMonitorBenchOptions, keys: Map<string, Buffer>): Promise<DatasetFacts> {
  const name = options.database;
  const exists = await withAdmin(async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0);
  if (exists) {
    const db = await openBenchDatabase(name, 'bench-trust-monitor-check');
    try {
      const reused = await reuseDataset(db, options);
      if (reused) return reused;
    } finally {
      await db.close();
    }
  } else {
    progress(NAME, `database ${name} does not exist: loading the dataset`);
  }
  return loadDataset(options, keys);
}

async function reuseDataset(db: Database, options: TrustMonitorBenchOptions): Promise<DatasetFacts | undefined> {
  const { rows: tables } = await db.query<{ marker: string | null }>(`SELECT to_regclass('bench.dataset')::text AS marker`);
  if (!tables[0]?.marker) {
    progress(NAME, `database ${options.database} has no dataset marker: loading the dataset afresh`);
    return undefined;
  }
  const marker = (await db.query<Marker>('SELECT * FROM bench.dataset')).rows[0];
  if (!marker || marker.spec !== datasetSpec(options)) {
    progress(NAME, `database ${options.database} holds another dataset (${marker?.spec ?? 'none'}): loading afresh`);
    return undefined;
  }
  progress(NAME, `database ${options.database} has the dataset's marker: counting its events`);
  const { rows } = await db.query<{ dataset: number; extra: number }>(
    `SELECT count(*) FILTER (WHERE global_position <= $1)::int8 AS dataset, count(*) FILTER (WHERE global_position > $1)::int8 AS extra
     FROM event_store.events`,
    [marker.max_position],
  );
  const { dataset, extra } = rows[0]!;
  if (dataset !== Number(marker.events)) {
    progress(NAME, `it holds ${format(dataset)} of the dataset's ${format(Number(marker.events))} events: loading afresh`);
    return undefined;
  }
  if (extra > 0) {
    // The event-to-flag load of an earlier run: removed, so every run rebuilds and queries the same dataset.
    progress(NAME, `removing ${format(extra)} events appended after the dataset by an earlier run`);
    await db.query('DELETE FROM event_store.events WHERE global_position > $1', [marker.max_position]);
    await db.exec('VACUUM ANALYZE event_store.events');
  }
  const facts = {
    events: Number(marker.events),
    cases: Number(marker.cases),
    deadlinePublications: marker.deadline_publications,
    maxPosition: Number(marker.max_position),
    loadSeconds: marker.load_seconds,
    vacuumSeconds: marker.vacuum_seconds,
    loadedAt: marker.loaded_at.toISOString(),
    reused: true,
    removedExtra: extra,
    databaseBytes: await databaseBytes(db, options.database),
    estimate: historyOf(options).estimate().events,
  };
  progress(NAME, `reusing ${options.database}: ${format(facts.events)} events, ${format(facts.cases)} cases (loaded ${facts.loadedAt})`);
  return facts;
}

function historyOf(options: TrustMonitorBenchOptions) {
  return generateHistory({
    seed: options.seed,
    ...(options.kommuner ? { kommuner: options.kommuner } : {}),
    from: options.from,
    to: options.to,
    scale: options.scale,
  });
}

async function databaseBytes(db: Database, database: string): Promise<number> {
  const { rows } = await db.query<{ bytes: number }>('SELECT pg_database_size($1)::int8 AS bytes', [database]);
  return rows[0]!.bytes;
}

/**
 * Straight into the store, not over HTTP: each request becomes the stored event exactly as the ingest path makes
 * it (toCaseEvent with the kommune's pseudonymisation key, the case's stream, metadata receivedAt and source),
 * appended with appendToStreams in batches in order of arrival. The next batch is generated while one is stored.
 */
async function loadDataset(options: TrustMonitorBenchOptions, keys: Map<string, Buffer>): Promise<DatasetFacts> {
  const name = options.database;
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const db = await openBenchDatabase(name, 'bench-trust-monitor-load');
  try {
    const store = await PostgresEventStore.open(db);
    const pseudonymiser = new Pseudonymiser(keys);
    const pseudonymise = (kommune: string, kind: 'citizen' | 'caseworker', value: string) =>
      pseudonymiser.pseudonymise(kommune, kind, value);
    const history = historyOf(options);
    const estimate = history.estimate();
    progress(
      NAME,
      `loading ${options.kommuner?.length ?? 98} kommuner, ${options.from} to ${options.to}, scale ${options.scale}, seed ${options.seed}: ` +
        `about ${format(estimate.events)} events, ${format(estimate.cases)} cases`,
    );
    const started = performance.now();

    // The deadlines first, as each kommune's leader publishes them before its case system sends events.
    const publications = history.deadlines.map(({ kommune, deadlines }) => {
      const validation = validateDeadlinesRequest(deadlines);
      if (!validation.ok) throw new Error(`deadlines of ${kommune}: ${JSON.stringify(validation.errors)}`);
      return {
        streamName: kommuneConfigStreamName(kommune),
        expectedVersion: 'no_stream' as const,
        events: [
          {
            eventId: deterministicUuid(`deadlines ${options.seed} ${kommune}`),
            type: 'DeadlinesPublished',
            data: { kommune, deadlines: validation.deadlines } as unknown as JsonValue,
            metadata: { source: LOADER_SUBJECT },
          },
        ],
      };
    });
    await appendChecked(store, publications);

    let events = 0;
    let cases = 0;
    let batch = new Map<string, NewEvent[]>();
    let inBatch = 0;
    let storing: Promise<void> = Promise.resolve();
    let lastProgress = performance.now();
    const flush = async () => {
      const appends = [...batch].map(([streamName, streamEvents]) => ({
        streamName,
        events: streamEvents,
        expectedVersion: 'any' as const,
      }));
      batch = new Map();
      inBatch = 0;
      await storing; // one append at a time: batches commit in order of arrival
      storing = appendChecked(store, appends);
      if (performance.now() - lastProgress >= LOAD_PROGRESS_MS) {
        lastProgress = performance.now();
        const seconds = (lastProgress - started) / 1_000;
        const rate = events / seconds;
        progress(
          NAME,
          `loading: ${format(events)} / ~${format(estimate.events)} events (${format((events / estimate.events) * 100)} %), ` +
            `${format(rate)} events/s, ~${format(Math.max(0, estimate.events - events) / rate / 60, 1)} min left`,
        );
      }
    };
    for (const { arrivesAt, event: request } of history.timedEvents()) {
      const event = toCaseEvent(request, pseudonymise);
      const stream = caseStreamName(request.kommune, request.caseId);
      let streamEvents = batch.get(stream);
      if (!streamEvents) batch.set(stream, (streamEvents = []));
      streamEvents.push({
        eventId: request.eventId,
        type: event.type,
        data: event.data as never,
        metadata: { receivedAt: arrivesAt, source: LOADER_SUBJECT },
      });
      events++;
      if (request.type === 'HelpRequested') cases++;
      if (++inBatch >= LOAD_BATCH) await flush();
    }
    if (inBatch > 0) await flush();
    await storing;
    const loadSeconds = (performance.now() - started) / 1_000;
    progress(
      NAME,
      `loaded ${format(events)} events (${format(cases)} cases) in ${format(loadSeconds, 1)} s: ${format(events / loadSeconds)} events/s`,
    );

    const vacuumStarted = performance.now();
    await db.exec('VACUUM ANALYZE event_store.events');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1_000;
    const { rows } = await db.query<{ n: number; max: number }>(
      'SELECT count(*)::int8 AS n, max(global_position)::int8 AS max FROM event_store.events',
    );
    const total = rows[0]!.n;
    if (total !== events + publications.length)
      throw new Error(`the store holds ${total} events, ${events + publications.length} were appended`);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS bench;
      CREATE TABLE IF NOT EXISTS bench.dataset (
        id int PRIMARY KEY DEFAULT 1 CHECK (id = 1), spec text NOT NULL, events int8 NOT NULL, cases int8 NOT NULL,
        deadline_publications int NOT NULL, max_position int8 NOT NULL, load_seconds float8 NOT NULL,
        vacuum_seconds float8 NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());`);
    await db.query(
      `INSERT INTO bench.dataset (spec, events, cases, deadline_publications, max_position, load_seconds, vacuum_seconds)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [datasetSpec(options), total, cases, publications.length, rows[0]!.max, loadSeconds, vacuumSeconds],
    );
    return {
      events: total,
      cases,
      deadlinePublications: publications.length,
      maxPosition: rows[0]!.max,
      loadSeconds,
      vacuumSeconds,
      loadedAt: new Date().toISOString(),
      reused: false,
      removedExtra: 0,
      databaseBytes: await databaseBytes(db, name),
      estimate: estimate.events,
    };
  } finally {
    await db.close();
  }
}

async function appendChecked(store: PostgresEventStore, appends: Parameters<PostgresEventStore['appendToStreams']>[0]): Promise<void> {
  const results = await store.appendToStreams(appends);
  for (const result of results) {
    if (result.status !== 'appended') throw new Error(`loading: ${result.streamName} ${result.status}`);
    const notStored = result.events.find((e) => e.status !== 'stored');
    if (notStored) throw new Error(`loading: ${notStored.eventId} of ${result.streamName} was ${notStored.status}`);
  }
}

function deterministicUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes

type ServiceEnv = { DATABASE_URL: string; JWT_SECRET: string; PSEUDONYMISATION_KEYS_FILE: string };

interface Child {
  child: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Every process this benchmark starts, killed on the way out whatever happens (also on Ctrl-C). */
class ChildProcesses {
  private readonly running = new Set<ChildProcess>();
  private readonly onExit = () => {
    for (const child of this.running) child.kill('SIGKILL');
  };
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor() {
    process.on('exit', this.onExit);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  start(script: string, env: Record<string, string>, onLine?: (line: string) => void): Child {
    let output = '';
    let partial = '';
    const child = spawn(process.execPath, [script], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.running.add(child);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-50_000);
      if (!onLine) return;
      const lines = (partial + text).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        this.running.delete(child);
        if (onLine && partial.trim()) onLine(partial);
        resolve({ code, signal });
      }),
    );
    return {
      child,
      pid: child.pid!,
      output: () => output,
      exited,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      },
    };
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.running].map(async (child) => {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await new Promise((resolve) =>
          child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve),
        );
        clearTimeout(killer);
      }),
    );
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** VmRSS every RSS_SAMPLE_MS with the time of each sample, VmHWM (the kernel's own peak) and CPU time. */
class ProcessSampler {
  readonly samples: Array<{ at: number; rssMb: number }> = [];
  hwmMb = Number.NaN;
  cpuSeconds = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
    this.sample();
  }

  sample(): void {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const rss = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
      const hwm = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
      if (Number.isFinite(rss)) this.samples.push({ at: performance.now(), rssMb: rss / 1024 });
      if (Number.isFinite(hwm)) this.hwmMb = Math.max(Number.isNaN(this.hwmMb) ? 0 : this.hwmMb, hwm / 1024);
      this.cpuSeconds = cpuSecondsOf(this.pid) ?? this.cpuSeconds;
    } catch {
      // the process is gone (or a zombie without a status)
    }
  }

  peakMb(from = 0, to = Infinity): number {
    return Math.max(...this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rssMb));
  }

  medianMb(from = 0, to = Infinity): number {
    return median(this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rssMb));
  }

  currentMb(): number {
    this.sample();
    return this.samples.at(-1)?.rssMb ?? Number.NaN;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on every Linux that Node.js runs on. */
/** The CPU time of a process that may have exited meanwhile. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    return cpuSeconds(pid);
  } catch {
    return undefined;
  }
}

/** CPU seconds of the PostgreSQL backends serving one application_name, sampled while they live. */
class BackendCpu {
  private readonly seconds = new Map<number, { first: number; last: number }>();
  private readonly timer: NodeJS.Timeout;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly applicationName: string,
  ) {
    this.timer = setInterval(() => void (this.sampling = this.sample()), 1_000);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.db
      .query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [this.applicationName])
      .catch(() => ({ rows: [] as Array<{ pid: number }> }));
    for (const { pid } of rows) {
      const cpu = cpuSecondsOf(pid);
      if (cpu === undefined) continue;
      // Every backend of this application is the benchmarked process's own, from its start: counted from 0.
      this.seconds.set(pid, { first: 0, last: cpu });
    }
  }

  async total(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    return [...this.seconds.values()].reduce((sum, s) => sum + s.last - s.first, 0);
  }
}

async function waitForHealth(url: string, service: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/health`).catch(() => undefined);
    if (response?.status === 200) return;
    await response?.body?.cancel();
    if (service.child.exitCode !== null)
      throw new Error(`the service exited (${service.child.exitCode}) before /health answered 200:\n${service.output()}`);
    if (Date.now() > deadline) throw new Error(`/health did not answer 200 within ${timeoutMs} ms:\n${service.output()}`);
    await sleep(100);
  }
}

interface RunningService extends Child {
  url: string;
  memory: ProcessSampler;
}

async function startService(children: ChildProcesses, script: string, env: ServiceEnv): Promise<RunningService> {
  const port = await freePort();
  const service = children.start(script, {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'off',
  });
  const memory = new ProcessSampler(service.pid);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, service, 5 * 60_000);
  } catch (error) {
    memory.stop();
    await service.stop();
    throw error;
  }
  return {
    ...service,
    url,
    memory,
    stop: async () => {
      memory.stop();
      await service.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Rebuild

interface RebuildRun {
  events: number;
  cliSeconds: number;
  cliEventsPerSecond: number;
  wallSeconds: number;
  peakRssMb: number;
  hwmMb: number;
  cpu: number;
  postgresCpu: number;
}

async function rebuildRuns(
  options: TrustMonitorBenchOptions,
  env: ServiceEnv,
  children: ChildProcesses,
  script: string,
): Promise<RebuildRun[]> {
  await dropReadModel(options.database);
  const runs: RebuildRun[] = [];
  for (let run = 1; run <= options.rebuildRuns; run++) {
    if (run > 1 && runs[0]!.wallSeconds > options.secondRebuildUnlessSlowerThanSeconds) {
      progress(NAME, `rebuild: no run ${run}, the first took ${format(runs[0]!.wallSeconds)} s`);
      break;
    }
    const result = await rebuildOnce(env, children, script, `${run}/${options.rebuildRuns}`);
    runs.push(result);
    progress(
      NAME,
      `rebuild run ${run}/${options.rebuildRuns}: ${format(result.events)} events in ${format(result.cliSeconds, 1)} s, ` +
        `${format(result.cliEventsPerSecond)} events/s (CLI), wall ${format(result.wallSeconds, 1)} s, peak RSS ${format(result.peakRssMb)} MB ` +
        `(VmHWM ${format(result.hwmMb)} MB), CPU rebuild ${format(result.cpu)} % / PostgreSQL ${format(result.postgresCpu)} %`,
    );
  }
  return runs;
}

/**
 * The read model is derived data, and its schema is the code's (a migration may still change before it ships):
 * dropped, with its migration record and checkpoint, so that the code under test creates its own. On a read model
 * that an earlier version created, the projection's statements could fail on every batch.
 */
async function dropReadModel(database: string): Promise<void> {
  const db = await openBenchDatabase(database, 'bench-trust-monitor-observer');
  try {
    await db.transaction(async (tx) => {
      await tx.query('DROP SCHEMA IF EXISTS trust_monitor CASCADE');
      await tx.query(`DELETE FROM public.schema_migrations WHERE component = 'trust_monitor'`).catch(() => undefined);
      await tx.query('DELETE FROM event_store.subscriptions WHERE name = $1', [TRUST_PROJECTION]);
    });
  } finally {
    await db.close();
  }
}

async function rebuildOnce(env: ServiceEnv, children: ChildProcesses, script: string, label: string): Promise<RebuildRun> {
  const db = await openBenchDatabase(new URL(env.DATABASE_URL).pathname.slice(1), 'bench-trust-monitor-observer');
  try {
    let lastForwarded = 0;
    let last = '';
    const started = performance.now();
    let projected = -1;
    let progressedAt = performance.now();
    const rebuild = children.start(script, env, (line) => {
      last = line;
      const count = Number(/ (\d+)\/\d+ events/.exec(line)?.[1] ?? Number.NaN);
      if (Number.isFinite(count) && count !== projected) {
        projected = count;
        progressedAt = performance.now();
      }
      if (performance.now() - lastForwarded >= REBUILD_PROGRESS_MS || /rebuilt from/.test(line)) {
        lastForwarded = performance.now();
        progress(NAME, `rebuild ${label}: ${line.trim()}`);
      }
    });
    const memory = new ProcessSampler(rebuild.pid);
    const backends = new BackendCpu(db, 'tillidsbarometer-rebuild');
    // The CLI reports no failing batch: the subscription retries it for ever. No progress for a while is a failure.
    let stalled = false;
    const watchdog = setInterval(() => {
      if (performance.now() - progressedAt < REBUILD_STALL_MS) return;
      stalled = true;
      rebuild.child.kill('SIGKILL');
    }, 1_000);
    const exit = await rebuild.exited;
    clearInterval(watchdog);
    memory.stop();
    const wallSeconds = (performance.now() - started) / 1_000;
    const postgresSeconds = await backends.total();
    if (stalled) {
      throw new Error(
        `the rebuild made no progress for ${REBUILD_STALL_MS / 1_000} s (at ${projected} events; a batch failing again and again?), killed:\n${rebuild.output().slice(-2_000)}`,
      );
    }
    if (exit.code !== 0) throw new Error(`the rebuild exited ${exit.code ?? exit.signal}:\n${rebuild.output()}`);
    const match = /rebuilt from (\d+) events in ([\d.]+) s \((\d+) events\/s\)/.exec(rebuild.output());
    if (!match) throw new Error(`the rebuild's last line is not "rebuilt from N events in S s (R events/s)": ${last}`);
    return {
      events: Number(match[1]),
      cliSeconds: Number(match[2]),
      cliEventsPerSecond: Number(match[3]),
      wallSeconds,
      peakRssMb: memory.peakMb(),
      hwmMb: memory.hwmMb,
      cpu: (memory.cpuSeconds / wallSeconds) * 100,
      postgresCpu: (postgresSeconds / wallSeconds) * 100,
    };
  } finally {
    await db.close();
  }
}

interface ReadModelFacts {
  rows: Record<string, number>;
  bytes: number;
  /** Whether the planner had statistics on the read model when the rebuild ended (reltuples of trust_monitor.cases). */
  analyzedByRebuild: boolean;
  analyzeSeconds: number;
  settings: Record<string, string>;
}

const READ_MODEL_TABLES = ['cases', 'decisions', 'assignments', 'contacts', 'appeals', 'appeal_decisions', 'help_deliveries', 'flags'];

/**
 * The read model's size, then ANALYZE of its tables: the rebuild leaves them without planner statistics, and
 * this server may run without autovacuum (it is reported), which in production would analyze them within minutes.
 */
async function readModelFacts(database: string): Promise<ReadModelFacts> {
  const db = await openBenchDatabase(database, 'bench-trust-monitor-observer');
  try {
    const rows: Record<string, number> = {};
    for (const table of READ_MODEL_TABLES) {
      rows[table] = (await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM trust_monitor.${table}`)).rows[0]!.n;
    }
    const { rows: size } = await db.query<{ bytes: number }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::int8 AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'trust_monitor' AND c.relkind = 'r'`,
    );
    const { rows: stats } = await db.query<{ reltuples: number }>(
      `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = 'trust_monitor.cases'::regclass`,
    );
    const settings: Record<string, string> = {};
    for (const name of ['shared_buffers', 'work_mem', 'autovacuum', 'synchronous_commit', 'max_wal_size']) {
      settings[name] = (await db.query<{ value: string }>(`SELECT current_setting($1) AS value`, [name])).rows[0]!.value;
    }
    const started = performance.now();
    await db.exec(`ANALYZE ${[...READ_MODEL_TABLES, 'deadlines'].map((table) => `trust_monitor.${table}`).join(', ')}`);
    const analyzeSeconds = (performance.now() - started) / 1_000;
    return { rows, bytes: size[0]!.bytes, analyzedByRebuild: (stats[0]?.reltuples ?? -1) >= 0, analyzeSeconds, settings };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Indicators

type KommuneClass = 'København' | 'Aarhus' | 'Læsø' | 'random';
const CLASSES: readonly KommuneClass[] = ['København', 'Aarhus', 'Læsø', 'random'];

interface IndicatorSample {
  kommuneClass: KommuneClass;
  kommune: string;
  window: number;
  asOf: string;
  atEnd: boolean;
  department: string | null;
  ms: number;
}

interface IndicatorResults {
  samples: IndicatorSample[];
  asOfs: string[];
  errors: string[];
  serviceRssMb: number;
}

/** A small seeded generator (mulberry32): the same random kommuner, moments and order on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function indicatorLatency(
  options: TrustMonitorBenchOptions,
  env: ServiceEnv,
  children: ChildProcesses,
  script: string,
): Promise<IndicatorResults> {
  const random = seededRandom(options.seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const end = new Date(options.to).toISOString();
  const from = Date.parse(options.from) + 365 * DAY_MS; // random moments in the second year: every window lies in the data
  const asOfs = Array.from({ length: RANDOM_AS_OFS }, () =>
    new Date(from + Math.floor((random() * (Date.parse(options.to) - from)) / 1_000) * 1_000).toISOString(),
  );
  const available = options.kommuner ?? KOMMUNE_CODES;
  const others = available.filter((k) => ![KOBENHAVN, AARHUS, LAESO].includes(k));
  const kommuneOf: Record<KommuneClass, () => string> = {
    København: () => KOBENHAVN,
    Aarhus: () => AARHUS,
    Læsø: () => LAESO,
    random: () => pick(others),
  };

  // Per (class, window): half at the end of the data, half at random moments; half without a department.
  type Planned = Omit<IndicatorSample, 'ms'> & { timed: boolean };
  const planned: Planned[] = [];
  const named: Partial<Record<KommuneClass, string>> = { København: KOBENHAVN, Aarhus: AARHUS, Læsø: LAESO };
  for (const kommuneClass of CLASSES) {
    const kommune = named[kommuneClass];
    if (kommune !== undefined && !available.includes(kommune)) continue;
    for (const window of WINDOWS) {
      for (let i = 0; i < INDICATOR_WARM_UP + options.indicatorRequestsPerCell; i++) {
        const atEnd = i % 2 === 0;
        planned.push({
          kommuneClass,
          kommune: kommuneOf[kommuneClass](),
          window,
          atEnd,
          asOf: atEnd ? end : pick(asOfs),
          department: Math.floor(i / 2) % 2 === 0 ? null : pick(DEPARTMENTS),
          timed: i >= INDICATOR_WARM_UP,
        });
      }
    }
  }
  // Warm-up first (in random order), then the timed requests in random order: noise spreads over every cell.
  const shuffle = <T>(values: T[]) => {
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    return values;
  };
  const order = [...shuffle(planned.filter((p) => !p.timed)), ...shuffle(planned.filter((p) => p.timed))];

  const service = await startService(children, script, env);
  progress(
    NAME,
    `indicators: trust-monitor service pid ${service.pid} ready on ${service.url}, RSS ${format(service.memory.currentMb())} MB`,
  );
  const tokens = new Map<string, string>();
  const samples: IndicatorSample[] = [];
  const errors: string[] = [];
  try {
    let lastProgress = performance.now();
    for (const [index, request] of order.entries()) {
      let token = tokens.get(request.kommune);
      if (!token) {
        token = await issueToken(env.JWT_SECRET, {
          sub: `bench-staff-${request.kommune}`,
          role: 'kommune_staff',
          kommune: request.kommune,
        });
        tokens.set(request.kommune, token);
      }
      const query = new URLSearchParams({ asOf: request.asOf, window: String(request.window) });
      if (request.department) query.set('department', request.department);
      const started = performance.now();
      const response = await fetch(`${service.url}/api/v1/kommuner/${request.kommune}/indicators?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200 || !text.includes('"indicators"')) {
        errors.push(`${request.kommune} ${query}: ${response.status} ${text.slice(0, 200)}`);
        continue;
      }
      if (request.timed) {
        const { timed: _timed, ...sample } = request;
        samples.push({ ...sample, ms });
      }
      if (performance.now() - lastProgress >= 5_000) {
        lastProgress = performance.now();
        const recent = samples.slice(-50).map((s) => s.ms);
        progress(
          NAME,
          `indicators: ${index + 1}/${order.length} requests, last 50: p50 ${format(median(recent), 1)} ms, p95 ${format(quantile(recent, 0.95), 1)} ms`,
        );
      }
    }
    return { samples, asOfs, errors, serviceRssMb: service.memory.peakMb() };
  } finally {
    await service.stop();
  }
}

interface ExplainedStatement {
  label: string;
  /** Execution time (ms) per case, from EXPLAIN ANALYZE (the second of two runs). */
  ms: Record<string, number>;
}

interface ExplainResults {
  cases: string[];
  statements: ExplainedStatement[];
  slowest: { label: string; caseLabel: string; plan: string } | undefined;
}

const STATEMENT_LABELS: Array<[RegExp, string]> = [
  [/deadline_days IS NULL/, 'cases without deadline'],
  [/timely_den/, 'cases (timely, overdue, notice, time to decision)'],
  [/case_days/, 'caseDays (denominators)'],
  [/turnover/, 'assignments (changes, turnover)'],
  [/home_visits/, 'contacts'],
  [/refusals_due/, 'decisions'],
  [/reassessments_due/, 'appeals'],
  [/reversed/, 'appealDecisions'],
  [/help_deliveries/, 'help'],
];

/**
 * The indicator statements of the largest kommune, as the service runs them (computeIndicators with a client that
 * records each statement and its parameters), each timed with EXPLAIN ANALYZE on its own, after one untimed run.
 */
async function explainIndicators(options: TrustMonitorBenchOptions): Promise<ExplainResults> {
  const db = await openBenchDatabase(options.database, 'bench-trust-monitor-explain');
  try {
    const asOf = new Date(options.to);
    const kommune = (options.kommuner ?? KOMMUNE_CODES).includes(KOBENHAVN) ? KOBENHAVN : (options.kommuner ?? KOMMUNE_CODES)[0]!;
    const variants = [
      { caseLabel: `${kommune}, 30 d`, window: 30 as const, department: null },
      { caseLabel: `${kommune}, 365 d`, window: 365 as const, department: null },
      { caseLabel: `${kommune}, 365 d, adult_disability`, window: 365 as const, department: 'adult_disability' },
    ];
    const byLabel = new Map<string, ExplainedStatement>();
    let slowest: { label: string; caseLabel: string; ms: number; text: string; params: readonly unknown[] } | undefined;
    for (const variant of variants) {
      const recorded: Array<{ text: string; params: readonly unknown[] }> = [];
      const recorder: SqlClient = {
        query: (text, params) => {
          recorded.push({ text, params: params ?? [] });
          return db.query(text, params);
        },
        queryRows: (text, params) => db.queryRows(text, params),
        exec: (script) => db.exec(script),
      };
      await computeIndicators(recorder, { kommune, asOf, window: variant.window, department: variant.department });
      for (const { text, params } of recorded) {
        const label = STATEMENT_LABELS.find(([pattern]) => pattern.test(text))?.[1] ?? text.trim().slice(0, 40);
        let ms = Number.NaN;
        for (let run = 0; run < 2; run++) {
          const { rows } = await db.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
            `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
            params,
          );
          ms = rows[0]!['QUERY PLAN'][0]!['Execution Time'];
        }
        const entry = byLabel.get(label) ?? { label, ms: {} };
        entry.ms[variant.caseLabel] = ms;
        byLabel.set(label, entry);
        if (!slowest || ms > slowest.ms) slowest = { label, caseLabel: variant.caseLabel, ms, text, params };
      }
    }
    let plan: ExplainResults['slowest'];
    if (slowest) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.text}`, slowest.params);
      plan = { label: slowest.label, caseLabel: slowest.caseLabel, plan: rows.map((r) => r['QUERY PLAN']).join('\n') };
    }
    const statements = [...byLabel.values()];
    for (const s of statements) {
      progress(
        NAME,
        `explain ${s.label}: ${variants.map((v) => `${v.caseLabel} ${format(s.ms[v.caseLabel] ?? Number.NaN, 1)} ms`).join(', ')}`,
      );
    }
    return { cases: variants.map((v) => v.caseLabel), statements, slowest: plan };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Event to flag

interface Probe {
  kommune: string;
  caseId: string;
  attempted: boolean;
  postMs: number;
  latencyMs: number | undefined;
  polls: number;
}

interface FlagResults {
  loadEvents: number;
  loadCases: number;
  repetitions: number;
  seconds: number;
  stored: number;
  duplicates: number;
  rejected: number;
  firstRejection: string | undefined;
  batches: number;
  batchesLate: number;
  batchMs: number[];
  probes: Probe[];
  probeErrors: string[];
  pollMs: number[];
  listedFlags: number[];
  rss: { readyMb: number; loadPeakMb: number; loadMedianMb: number; hwmMb: number };
  maxLagEvents: number;
  catchUpMs: number;
  serviceCpu: number;
}

/** The load: generator runs of the load kommuner over the last weeks, every caseId made new (L<run>-), stringified in batches. */
function loadBatches(needed: number): { batches: string[]; events: number; cases: number; repetitions: number } {
  const to = new Date(Math.floor(Date.now() / 1_000) * 1_000 - 60_000);
  const from = new Date(to.getTime() - LOAD_PERIOD_DAYS * DAY_MS);
  const batches: string[] = [];
  let batch: CaseEventRequest[] = [];
  let events = 0;
  let cases = 0;
  let run = 0;
  while (events < needed) {
    run++;
    const history = generateHistory({
      seed: LOAD_SEED + run,
      kommuner: LOAD_KOMMUNER,
      from: from.toISOString(),
      to: to.toISOString(),
      scale: 1.25,
    });
    for (const event of history.events()) {
      batch.push({ ...event, caseId: `L${run}-${event.caseId}` });
      events++;
      if (event.type === 'HelpRequested') cases++;
      if (batch.length === LOAD_BATCH_SIZE) {
        batches.push(JSON.stringify(batch));
        batch = [];
      }
    }
  }
  if (batch.length > 0) batches.push(JSON.stringify(batch));
  return { batches, events, cases, repetitions: run };
}

async function eventToFlag(
  options: TrustMonitorBenchOptions,
  env: ServiceEnv,
  children: ChildProcesses,
  script: string,
): Promise<FlagResults> {
  const needed = Math.ceil(LOAD_RATE * options.loadSeconds * 1.1);
  const load = loadBatches(needed);
  progress(
    NAME,
    `event to flag: ${format(load.events)} load events of ${format(load.cases)} new cases (${load.repetitions} generator runs) in ${format(load.batches.length)} batches`,
  );
  const kommuner = LOAD_KOMMUNER.filter((k) => (options.kommuner ?? KOMMUNE_CODES).includes(k));

  const service = await startService(children, script, env);
  const readyMb = service.memory.currentMb();
  progress(NAME, `event to flag: standalone pid ${service.pid} ready on ${service.url}, RSS ${format(readyMb)} MB`);
  const observer = await openBenchDatabase(options.database, 'bench-trust-monitor-observer');
  try {
    const admin = await issueToken(env.JWT_SECRET, { sub: 'bench-load', role: 'admin' });
    const source = new Map<string, string>();
    const staff = new Map<string, string>();
    for (const kommune of kommuner) {
      source.set(kommune, await issueToken(env.JWT_SECRET, { sub: `bench-probe-${kommune}`, role: 'source_system', kommune }));
      staff.set(kommune, await issueToken(env.JWT_SECRET, { sub: `bench-staff-${kommune}`, role: 'kommune_staff', kommune }));
    }
    const post = async (token: string, body: string) => {
      const response = await fetch(`${service.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, text: await response.text() };
    };

    // The probe cases, before the load: a request 40 days ago, caseworkers cw-a and cw-b since.
    const probeCount = Math.ceil((options.loadSeconds * 1_000 - PROBE_START_MS - PROBE_STOP_BEFORE_END_MS) / PROBE_INTERVAL_MS) + 1;
    const stamp = Date.now().toString(36);
    const area = AREAS[0]!;
    const probes: Probe[] = Array.from({ length: probeCount }, (_, i) => ({
      kommune: kommuner[i % kommuner.length]!,
      caseId: `P${stamp}-${i}`,
      attempted: false,
      postMs: Number.NaN,
      latencyMs: undefined,
      polls: 0,
    }));
    const now = Date.now();
    const event = (probe: Probe, type: string, at: number, data: object) => ({
      eventId: randomUUID(),
      type,
      kommune: probe.kommune,
      caseId: probe.caseId,
      occurredAt: new Date(at).toISOString(),
      data,
    });
    const setup = probes.flatMap((probe, i) => [
      event(probe, 'HelpRequested', now - 40 * DAY_MS, {
        citizenId: `cit-probe-${stamp}-${i}`,
        area: area.code,
        department: area.department,
        channel: 'written',
      }),
      event(probe, 'CaseworkerAssigned', now - 39 * DAY_MS, { caseworkerId: 'cw-a', reason: 'initial' }),
      event(probe, 'CaseworkerAssigned', now - 20 * DAY_MS, { caseworkerId: 'cw-b', reason: 'sickness' }),
    ]);
    for (let i = 0; i < setup.length; i += 300) {
      const answer = await post(admin, JSON.stringify(setup.slice(i, i + 300)));
      const results = answer.status === 200 ? (JSON.parse(answer.text) as Array<{ status: string }>) : [];
      if (answer.status !== 200 || !Array.isArray(results) || results.some((r) => r.status !== 'stored'))
        throw new Error(`setting up the probe cases: ${answer.status} ${answer.text.slice(0, 500)}`);
    }
    await waitForHealth(service.url, service, 120_000);
    progress(NAME, `event to flag: ${probes.length} probe cases set up (HelpRequested 40 days ago, cw-a, cw-b), projection caught up`);

    // Projection lag (events committed but not yet projected), sampled throughout.
    let maxLagEvents = 0;
    let lagging = true;
    const lagSampler = (async () => {
      while (lagging) {
        const { rows } = await observer
          .query<{ lag: number }>(
            `SELECT ((SELECT global_position FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1)
                     - coalesce((SELECT global_position FROM event_store.subscriptions WHERE name = $1), 0))::int8 AS lag`,
            [TRUST_PROJECTION],
          )
          .catch(() => ({ rows: [] as Array<{ lag: number }> }));
        maxLagEvents = Math.max(maxLagEvents, rows[0]?.lag ?? 0);
        await sleep(LAG_SAMPLE_MS);
      }
    })();

    // The load: batch i is due at start + i × interval, sent when due and the previous one answered.
    const counts = { stored: 0, duplicates: 0, rejected: 0, firstRejection: undefined as string | undefined };
    const batchMs: number[] = [];
    let batchesLate = 0;
    const cpuBefore = cpuSecondsOf(service.pid) ?? 0;
    const started = performance.now();
    const endAt = started + options.loadSeconds * 1_000;
    const loading = (async () => {
      for (let i = 0; i < load.batches.length; i++) {
        const due = started + i * LOAD_INTERVAL_MS;
        if (due >= endAt) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -LOAD_INTERVAL_MS) batchesLate++;
        const sent = performance.now();
        const answer = await post(admin, load.batches[i]!);
        batchMs.push(performance.now() - sent);
        const results = answer.status === 200 ? (JSON.parse(answer.text) as Array<{ status: string }>) : [];
        if (answer.status !== 200) {
          counts.rejected += LOAD_BATCH_SIZE;
          counts.firstRejection ??= `${answer.status} ${answer.text.slice(0, 300)}`;
        }
        for (const result of results) {
          if (result.status === 'stored') counts.stored++;
          else if (result.status === 'duplicate') counts.duplicates++;
          else {
            counts.rejected++;
            counts.firstRejection ??= JSON.stringify(result).slice(0, 300);
          }
        }
        if (i % 100 === 99) {
          const seconds = (performance.now() - started) / 1_000;
          const done = probes.filter((p) => p.latencyMs !== undefined).map((p) => p.latencyMs!);
          progress(
            NAME,
            `event to flag: ${format(seconds)} s, ${format(counts.stored / seconds)} events/s stored, ${done.length} probes seen ` +
              `(p50 ${format(median(done))} ms, p99 ${format(quantile(done, 0.99))} ms), standalone RSS ${format(service.memory.currentMb())} MB, lag ≤ ${format(maxLagEvents)} events`,
          );
        }
      }
      return (performance.now() - started) / 1_000;
    })();

    // The probes: every PROBE_INTERVAL_MS one receives its third caseworker; its flag is polled for every POLL_INTERVAL_MS.
    const pollMs: number[] = [];
    const listedFlags: number[] = [];
    const probeErrors: string[] = [];
    const runProbe = async (probe: Probe) => {
      probe.attempted = true;
      const body = JSON.stringify(event(probe, 'CaseworkerAssigned', Date.now() - 1_000, { caseworkerId: 'cw-c', reason: 'resignation' }));
      const answer = await post(source.get(probe.kommune)!, body);
      if (answer.status !== 201) return void probeErrors.push(`${probe.caseId}: POST ${answer.status} ${answer.text.slice(0, 200)}`);
      const posted = performance.now();
      probe.postMs = posted - started;
      const url = `${service.url}/api/v1/kommuner/${probe.kommune}/flags?code=CASEWORKER_CHURN&status=open`;
      const headers = { authorization: `Bearer ${staff.get(probe.kommune)!}` };
      while (performance.now() - posted < PROBE_TIMEOUT_MS) {
        const pollStarted = performance.now();
        const response = await fetch(url, { headers });
        const text = await response.text();
        const answered = performance.now();
        pollMs.push(answered - pollStarted);
        probe.polls++;
        if (response.status !== 200) return void probeErrors.push(`${probe.caseId}: GET flags ${response.status} ${text.slice(0, 200)}`);
        if (text.includes(`"caseId":"${probe.caseId}"`)) {
          probe.latencyMs = answered - posted;
          listedFlags.push((JSON.parse(text) as { flags: unknown[] }).flags.length);
          return;
        }
        const wait = pollStarted + POLL_INTERVAL_MS - performance.now();
        if (wait > 0) await sleep(wait);
      }
      probeErrors.push(`${probe.caseId}: no CASEWORKER_CHURN flag within ${PROBE_TIMEOUT_MS} ms`);
    };
    const probing: Array<Promise<void>> = [];
    for (const [i, probe] of probes.entries()) {
      const due = started + PROBE_START_MS + i * PROBE_INTERVAL_MS;
      if (due > endAt - PROBE_STOP_BEFORE_END_MS) break;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      probing.push(runProbe(probe).catch((error: unknown) => void probeErrors.push(`${probe.caseId}: ${String(error)}`)));
    }
    const seconds = await loading;
    const loadEnded = performance.now();
    const cpuAfter = cpuSecondsOf(service.pid) ?? cpuBefore;
    await Promise.all(probing);
    await waitForHealth(service.url, service, 600_000);
    const catchUpMs = performance.now() - loadEnded;
    lagging = false;
    await lagSampler;

    const result: FlagResults = {
      loadEvents: load.events,
      loadCases: load.cases,
      repetitions: load.repetitions,
      seconds,
      ...counts,
      batches: batchMs.length,
      batchesLate,
      batchMs,
      probes: probes.filter((p) => p.attempted),
      probeErrors,
      pollMs,
      listedFlags,
      rss: {
        readyMb,
        loadPeakMb: service.memory.peakMb(started, loadEnded),
        loadMedianMb: service.memory.medianMb(started, loadEnded),
        hwmMb: service.memory.hwmMb,
      },
      maxLagEvents,
      catchUpMs,
      serviceCpu: ((cpuAfter - cpuBefore) / seconds) * 100,
    };
    const latencies = result.probes.filter((p) => p.latencyMs !== undefined).map((p) => p.latencyMs!);
    progress(
      NAME,
      `event to flag: ${format(result.stored / seconds)} events/s stored over ${format(seconds, 1)} s (${format(result.rejected)} rejected, ` +
        `${format(result.duplicates)} duplicates); ${latencies.length} probes: p50 ${format(median(latencies))} ms, p99 ${format(quantile(latencies, 0.99))} ms; ` +
        `${probeErrors.length} probe errors; standalone RSS peak ${format(result.rss.loadPeakMb)} MB`,
    );
    for (const error of probeErrors.slice(0, 5)) progress(NAME, `probe error: ${error}`);
    return result;
  } finally {
    await observer.close();
    await service.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: WORKSPACE_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return `commit ${commit}${changed.length > 0 ? ` + uncommitted changes to ${changed.join(', ')}` : ''}`;
  } catch {
    return 'unknown commit';
  }
}

function report(r: {
  options: TrustMonitorBenchOptions;
  code: string;
  dataset: DatasetFacts;
  rebuilds: RebuildRun[];
  readModel: ReadModelFacts;
  indicators: IndicatorResults;
  explained: ExplainResults;
  flags: FlagResults;
}): string {
  const { options, dataset, rebuilds, indicators, explained, flags } = r;
  const kommuner = options.kommuner?.length ?? 98;
  const ms = (n: number) => `${format(n, 1)} ms`;

  // 2.
  const rebuildRates = rebuilds.map((run) => run.cliEventsPerSecond);
  const rebuildRate = median(rebuildRates);

  // 3.
  const cell = (samples: IndicatorSample[]) => samples.map((s) => s.ms);
  const p = (values: number[]) => (values.length === 0 ? 'n/a' : `${ms(median(values))} / ${ms(quantile(values, 0.95))}`);
  const cellP95s = CLASSES.flatMap((c) =>
    WINDOWS.map((w) => quantile(cell(indicators.samples.filter((s) => s.kommuneClass === c && s.window === w)), 0.95)),
  ).filter(Number.isFinite);
  const worstP95 = Math.max(...cellP95s);
  const indicatorRows = WINDOWS.map((window) => {
    const inWindow = indicators.samples.filter((s) => s.window === window);
    const perClass = CLASSES.map((c) => p(cell(inWindow.filter((s) => s.kommuneClass === c))));
    const worst = Math.max(
      ...CLASSES.map((c) => quantile(cell(inWindow.filter((s) => s.kommuneClass === c)), 0.95)).filter(Number.isFinite),
    );
    return `| ${window} d | ${perClass.join(' | ')} | **${p(cell(inWindow))}** | p95 < ${TARGET_INDICATORS_P95_MS} ms for every kommune class ${met(worst < TARGET_INDICATORS_P95_MS)} |`;
  });
  const splits = [
    ['without department', (s: IndicatorSample) => s.department === null],
    ['with a department', (s: IndicatorSample) => s.department !== null],
    [`asOf ${new Date(options.to).toISOString()}`, (s: IndicatorSample) => s.atEnd],
    ['asOf at random moments of the second year', (s: IndicatorSample) => !s.atEnd],
  ] as const;
  const splitRows = splits.map(
    ([label, test]) =>
      `| ${label} | ${WINDOWS.map((w) => p(cell(indicators.samples.filter((s) => s.window === w && s.kommuneClass === 'København' && test(s))))).join(' | ')} | ${WINDOWS.map((w) => p(cell(indicators.samples.filter((s) => s.window === w && test(s))))).join(' | ')} |`,
  );
  const explainRows = explained.statements.map(
    (s) => `| ${s.label} | ${explained.cases.map((c) => ms(s.ms[c] ?? Number.NaN)).join(' | ')} |`,
  );

  // 4.
  const latencies = flags.probes.filter((probe) => probe.latencyMs !== undefined).map((probe) => probe.latencyMs!);
  const unseen = flags.probes.length - latencies.length;
  const rate = flags.stored / flags.seconds;
  // A probe whose flag never showed counts as the timeout (a lower bound) towards the target.
  const flagP99 = quantile([...latencies, ...Array<number>(unseen).fill(PROBE_TIMEOUT_MS)], 0.99);

  return `## Trust monitor (issue 4)

${new Date().toISOString().slice(0, 10)} · ${machine()} · PostgreSQL 15 on 127.0.0.1 (same machine; ${['shared_buffers', 'work_mem', 'autovacuum', 'synchronous_commit'].map((name) => `${name} ${r.readModel.settings[name]}`).join(', ')}) · ${r.code}, compiled with \`node tools/build.mjs\` at the start and run from a snapshot of dist/ (so that a build elsewhere cannot change the code between parts); each service and the rebuild in a Node.js process of its own.
**PostgreSQL, the services and the benchmark's own load all share these ${os.cpus().length} cores**: the figures compare runs here, they are not production capacity.

**1. Dataset** \`${options.database}\`: the synthetic generator (\`@tillidsbarometer/testing\`), ${kommuner} kommuner, ${options.from} to ${options.to}, scale ${options.scale}, seed ${options.seed}.
Loaded **straight into the store, not over HTTP**: each request becomes the stored event as the ingest path makes it (\`toCaseEvent\` with the kommune's pseudonymisation key, stream \`case-<kommune>-<caseId>\`, metadata receivedAt = the generator's arrival time), appended in order of arrival with \`appendToStreams\` (${format(LOAD_BATCH)} events a call, expectedVersion any); each kommune's deadlines first, as one DeadlinesPublished on \`kommune-config-<kommune>\`. The case decider and request validation are skipped (the generator's events pass both). Reused on later runs while its marker table (\`bench.dataset\`) and event count match.

| events | cases | DeadlinesPublished | generator estimate | database size | load | target |
|---|---|---|---|---|---|---|
| ${format(dataset.events)} | ${format(dataset.cases)} | ${format(dataset.deadlinePublications)} | ${format(dataset.estimate)} events | ${format(dataset.databaseBytes / 2 ** 30, 1)} GiB | ${format(dataset.loadSeconds)} s, ${format((dataset.events - dataset.deadlinePublications) / dataset.loadSeconds)} events/s (+ VACUUM ANALYZE ${format(dataset.vacuumSeconds, 1)} s)${dataset.reused ? `, loaded ${dataset.loadedAt.slice(0, 16).replace('T', ' ')} UTC and reused${dataset.removedExtra > 0 ? ` (${format(dataset.removedExtra)} events of an earlier run's event-to-flag load removed first)` : ''}` : ', loaded in this run'} | ≥ ${format(MIN_DATASET_EVENTS)} events ${met(dataset.events >= MIN_DATASET_EVENTS)} |

**2. Full rebuild**: the rebuild CLI (\`dist/apps/trust-monitor/src/rebuild.js\`) as a child process on the dataset: it empties the read model and replays every event. Before the first run the read model's schema is dropped, so that the code under test creates its own (its migration may still change before it ships). events/s and seconds are the CLI's own last line (\`rebuilt from N events in S s\`); wall is spawn to exit. Peak RSS: VmRSS of the process sampled every ${RSS_SAMPLE_MS} ms (VmHWM, the kernel's peak, read at each sample). CPU is CPU time over wall time, 100 % = one core: the rebuild process, and the PostgreSQL backends of its connections (application_name tillidsbarometer-rebuild).${rebuilds.length < options.rebuildRuns ? ` ${rebuilds.length} of ${options.rebuildRuns} runs: a further run only when the first takes less than ${format(options.secondRebuildUnlessSlowerThanSeconds / 60)} min.` : ''}

| run | events | seconds | events/s | wall | peak RSS (VmHWM) | CPU rebuild / PostgreSQL |
|---|---|---|---|---|---|---|
${rebuilds.map((run, i) => `| ${i + 1} | ${format(run.events)} | ${format(run.cliSeconds, 1)} | ${format(run.cliEventsPerSecond)} | ${format(run.wallSeconds, 1)} s | ${format(run.peakRssMb)} MB (${format(run.hwmMb)} MB) | ${format(run.cpu)} % / ${format(run.postgresCpu)} % |`).join('\n')}
| **median** | | **${format(median(rebuilds.map((run) => run.cliSeconds)), 1)}** | **${format(rebuildRate)}** | ${format(median(rebuilds.map((run) => run.wallSeconds)), 1)} s | ${format(median(rebuilds.map((run) => run.peakRssMb)))} MB | target ≥ ${format(TARGET_REBUILD_EVENTS_PER_SECOND)} events/s ${met(rebuildRate >= TARGET_REBUILD_EVENTS_PER_SECOND)} |

The read model after the rebuild (${format(r.readModel.bytes / 2 ** 30, 2)} GiB with indexes): ${Object.entries(r.readModel.rows)
    .map(([table, n]) => `${table} ${format(n)}`)
    .join(', ')} rows. ${
    r.readModel.analyzedByRebuild
      ? 'The planner had statistics on it when the rebuild ended.'
      : `The rebuild leaves it without planner statistics (reltuples -1)${r.readModel.settings['autovacuum'] === 'off' ? ' and this server runs with autovacuum = off' : ''}: the benchmark runs ANALYZE on its tables (${format(r.readModel.analyzeSeconds, 1)} s) before part 3, as autovacuum would soon after a rebuild in production.`
  }

**3. Indicators endpoint**: \`GET /api/v1/kommuner/{k}/indicators?asOf&window[&department]\` on the trust-monitor service alone (\`dist/apps/trust-monitor/src/main.js\`) over the rebuilt read model, after /health answered 200; one request at a time (fetch, keep-alive), time to the whole body. Per (kommune, window) ${options.indicatorRequestsPerCell} timed requests after ${INDICATOR_WARM_UP} untimed ones, all cells interleaved in a seeded random order: half at asOf = ${new Date(options.to).toISOString()}, half at ${RANDOM_AS_OFS} random moments of the second year (${indicators.asOfs.map((a) => a.slice(0, 10)).join(', ')}); half without a department, half with a random one. "random" is a random kommune per request (other than the three named). ${indicators.errors.length > 0 ? `**${indicators.errors.length} requests failed**, e.g. ${indicators.errors[0]}.` : 'Every request answered 200.'} Service RSS peak ${format(indicators.serviceRssMb)} MB.

| window | København (101) p50 / p95 | Aarhus (751) p50 / p95 | Læsø (825) p50 / p95 | random kommune p50 / p95 | all p50 / p95 | target |
|---|---|---|---|---|---|---|
${indicatorRows.join('\n')}

Worst p95 of any (kommune class, window): **${ms(worstP95)}**, target < ${TARGET_INDICATORS_P95_MS} ms ${met(worstP95 < TARGET_INDICATORS_P95_MS)}.

| split (p50 / p95) | København ${WINDOWS.map((w) => `${w} d`).join(' | København ')} | all ${WINDOWS.map((w) => `${w} d`).join(' | all ')} |
|---|${WINDOWS.map(() => '---|').join('')}${WINDOWS.map(() => '---|').join('')}
${splitRows.join('\n')}

Where the time goes: the statements of one request (\`computeIndicators\` in apps/trust-monitor/src/indicators/indicator-queries.ts, run concurrently on the service's pool), recorded with their parameters and each timed with \`EXPLAIN (ANALYZE, BUFFERS)\` on its own (the second of two runs), asOf ${new Date(options.to).toISOString()}:

| statement (execution time) | ${explained.cases.join(' | ')} |
|---|${explained.cases.map(() => '---|').join('')}
${explainRows.join('\n')}
${
  explained.slowest
    ? `
<details><summary>Plan of the slowest: ${explained.slowest.label}, ${explained.slowest.caseLabel}</summary>

\`\`\`
${explained.slowest.plan}
\`\`\`
</details>
`
    : ''
}
**4. Event to flag under a steady ingest of ${format(LOAD_RATE)} events/s**: the whole product (\`dist/apps/standalone/src/main.js\`) on the same database, its projection caught up.
*Load*: events of new cases from ${flags.repetitions} generator runs (seeds ${LOAD_SEED + 1}-${LOAD_SEED + flags.repetitions}) of ${LOAD_KOMMUNER.length} large kommuner (${LOAD_KOMMUNER.map((k) => kommuneByCode(k)?.name ?? k).join(', ')}) over the ${LOAD_PERIOD_DAYS} days up to now, every caseId rewritten to \`L<run>-<caseId>\` (${format(flags.loadEvents)} events of ${format(flags.loadCases)} cases prepared), POSTed in order as batches of ${LOAD_BATCH_SIZE} every ${LOAD_INTERVAL_MS} ms (admin token; batch i is due at i × ${LOAD_INTERVAL_MS} ms and is sent when due and the previous batch has been answered) for ${options.loadSeconds} s.
*Probes*: ${flags.probes.length} cases set up before the load (HelpRequested 40 days ago, CaseworkerAssigned cw-a 39 days ago and cw-b 20 days ago, in rotation over the ten kommuner); from ${PROBE_START_MS / 1_000} s into the load, every ${PROBE_INTERVAL_MS} ms one of them receives its third caseworker (cw-c, occurredAt = now - 1 s) by POST with its kommune's source_system token; latency from that POST's 201 to the answer of \`GET /flags?code=CASEWORKER_CHURN&status=open\` (kommune_staff token, polled every ${POLL_INTERVAL_MS} ms) that first lists the case. The polls cost: each answered in ${ms(median(flags.pollMs))} median (p99 ${ms(quantile(flags.pollMs, 0.99))}) with ${format(median(flags.listedFlags))} open churn flags listed (median); ${format(flags.pollMs.length)} polls in all.

| achieved ingest (stored / s) | stored / duplicate / rejected | load batch answer p50 / p99 | batches late (> ${LOAD_INTERVAL_MS} ms behind) | standalone CPU | max projection lag | caught up after the load |
|---|---|---|---|---|---|---|
| ${format(rate)} events/s over ${format(flags.seconds, 1)} s | ${format(flags.stored)} / ${format(flags.duplicates)} / ${format(flags.rejected)}${flags.firstRejection ? ` (first: ${flags.firstRejection.replace(/\|/g, '\\|')})` : ''} | ${ms(median(flags.batchMs))} / ${ms(quantile(flags.batchMs, 0.99))} | ${format(flags.batchesLate)} of ${format(flags.batches)} | ${format(flags.serviceCpu)} % | ${format(flags.maxLagEvents)} events | ${ms(flags.catchUpMs)} |

| probes | flag seen | p50 | p95 | p99 | max | target |
|---|---|---|---|---|---|---|
| ${flags.probes.length} | ${latencies.length}${flags.probeErrors.length > 0 ? ` (${flags.probeErrors.length} errors, e.g. ${flags.probeErrors[0]!.replace(/\|/g, '\\|')})` : ''} | ${ms(median(latencies))} | ${ms(quantile(latencies, 0.95))} | **${ms(quantile(latencies, 0.99))}** | ${ms(Math.max(...latencies))} | p99 < ${format(TARGET_FLAG_P99_MS)} ms over ≥ ${MIN_PROBES} probes ${met(flagP99 < TARGET_FLAG_P99_MS && latencies.length >= MIN_PROBES)} |

The projector's memory in this phase is that of the standalone process it runs in (ingest and projection together): RSS ${format(flags.rss.readyMb)} MB when ready, ${format(flags.rss.loadMedianMb)} MB median and **${format(flags.rss.loadPeakMb)} MB peak** during the load (VmHWM ${format(flags.rss.hwmMb)} MB, sampled every ${RSS_SAMPLE_MS} ms).
The load's events stay in the database after the run (the read model matches the store); the next run removes them before it rebuilds.`;
}
