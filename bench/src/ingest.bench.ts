import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
import { cpuSeconds, freePort } from './processes';
import { format, machine, median, progress, quantile, writeSection } from './report';

const WARM_UP_SECONDS = 3; // per scenario, untimed
const BATCH_RUNS = 5;
const BATCH_SECONDS = 10;
const BATCH_CONNECTIONS = 4;
const BATCH_SIZE = 1_000;
const OPEN_CASES = 2_000; // scenarios 2 and 3 record contacts on these
const SINGLE_RUNS = 5;
const SINGLE_SECONDS = 10;
const SINGLE_CONNECTIONS = 32;
const CONTACT_SHARE = 0.8; // of single events; the rest is HelpRequested on new cases
const FIXED_RUNS = 5;
const FIXED_SECONDS = 10;
const FIXED_RATE = 1_000; // requests/s over all connections
const FIXED_CONNECTIONS = 50;
const RSS_SAMPLE_MS = 250;
const BOUNDED_RUNS = 3; // scenario 4: batches on a service with a bounded heap
const BOUNDED_OLD_SPACE_MB = 768;

const TARGET_BATCH_EVENTS_PER_SECOND = 20_000;
const TARGET_SINGLE_REQUESTS_PER_SECOND = 2_000;
const TARGET_FIXED_P99_MS = 25;
const TARGET_PEAK_RSS_MB = 300;

const WORKSPACE_ROOT = path.resolve(__dirname, '../..');
const KOMMUNE = '101';
const EVENTS_PATH = '/api/v1/events';
/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on every Linux that Node.js runs on. */

/** The service under test and what watches it. */
interface Service {
  url: string;
  authorization: string;
  pid: number;
  memory: RssSampler;
}

/** What one run did: 2xx and everything else counted apart. */
interface Run {
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes other than 2xx, e.g. `409 × 3`. */
  statuses: string;
  /** Latency in ms of every 2xx answer (only collected where asked). */
  latencies: number[];
  peakRssMb: number;
  /** CPU time over wall time, 100 % = one core busy. */
  serviceCpu: number;
  loadGeneratorCpu: number;
}

type Counts = Omit<Run, 'peakRssMb' | 'serviceCpu' | 'loadGeneratorCpu'>;

/**
 * Issue 3's benchmark: the ingest endpoint `POST /api/v1/events` of the case-events service, started as its own
 * process on PostgreSQL, loaded over HTTP by autocannon from this process: batches of 1,000 events, single events
 * at full speed, single events at a fixed rate; the service's resident memory sampled throughout.
 */
export async function ingestBenchmark(): Promise<void> {
  const name = 'ingest';
  const database = await createTestDatabase('postgres');
  progress(name, `database ${database.url}`);
  const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
  const keysFile = path.join(secretsDir, 'pseudonymisation-keys.json');
  writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))), {
    mode: 0o600,
  });
  const jwtSecret = randomBytes(32).toString('base64url');
  const token = await issueToken(jwtSecret, { sub: 'bench', role: 'source_system', kommune: KOMMUNE });

  // The compiled service, as `npm start` runs it (npm run build first).
  execFileSync(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/build.mjs')], { stdio: 'inherit' });
  const first = await startIngestService(database.url!, keysFile, jwtSecret, token, []);
  const { child, service } = first;
  const output = first.output;
  const exited = first.exited;
  const { memory } = service;
  // Events answered 2xx, warm-ups included, to compare with what the store holds at the end. autocannon stops a
  // run with a request in flight on every connection: those are stored but not counted.
  let answered = OPEN_CASES;
  let uncounted = 0;
  const count = (run: Run, eventsPerRequest = 1, connections = 0) => {
    answered += run.ok * eventsPerRequest;
    uncounted += connections * eventsPerRequest;
    return run;
  };

  try {
    await waitForHealth(service.url, child, output);
    progress(name, `service pid ${child.pid} ready on ${service.url}, RSS ${format(memory.currentMb())} MB`);

    // 1. Batches of 1,000 HelpRequested, each for a new case.
    memory.phase('batches');
    const batches = {
      connections: BATCH_CONNECTIONS,
      requests: [{ method: 'POST' as const, path: EVENTS_PATH, setupRequest: withBody(batch) }],
    };
    count(await load(service, { ...batches, duration: WARM_UP_SECONDS }), BATCH_SIZE, BATCH_CONNECTIONS);
    const batchRuns: Run[] = [];
    for (let run = 1; run <= BATCH_RUNS; run++) {
      const result = count(await load(service, { ...batches, duration: BATCH_SECONDS }), BATCH_SIZE, BATCH_CONNECTIONS);
      batchRuns.push(result);
      progress(name, `batches run ${run}/${BATCH_RUNS}: ${format((result.ok * BATCH_SIZE) / result.seconds)} events/s${problems(result)}`);
    }

    // 2. Open the cases that contacts are recorded on (not timed), then single events at full speed.
    memory.phase('open cases');
    const openCases: string[] = [];
    for (let opened = 0; opened < OPEN_CASES; opened += BATCH_SIZE) {
      const events = batch(Math.min(BATCH_SIZE, OPEN_CASES - opened));
      const response = await fetch(`${service.url}${EVENTS_PATH}`, {
        method: 'POST',
        headers: { authorization: service.authorization, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      const results = (await response.json()) as Array<{ status: string }>;
      const stored = Array.isArray(results) ? results.filter((r) => r.status === 'stored').length : 0;
      if (response.status !== 200 || stored !== events.length)
        throw new Error(
          `opening cases: ${response.status}, ${stored} of ${events.length} stored: ${JSON.stringify(results).slice(0, 500)}`,
        );
      openCases.push(...events.map((e) => e.caseId));
    }
    progress(name, `${format(openCases.length)} cases open for contacts`);

    memory.phase('single');
    const singleEvent = () =>
      Math.random() < CONTACT_SHARE ? contactRecorded(openCases[Math.floor(Math.random() * openCases.length)]!) : helpRequested();
    const singles = { requests: [{ method: 'POST' as const, path: EVENTS_PATH, setupRequest: withBody(singleEvent) }] };
    count(await load(service, { ...singles, connections: SINGLE_CONNECTIONS, duration: WARM_UP_SECONDS }), 1, SINGLE_CONNECTIONS);
    const singleRuns: Run[] = [];
    for (let run = 1; run <= SINGLE_RUNS; run++) {
      const result = count(
        await load(service, { ...singles, connections: SINGLE_CONNECTIONS, duration: SINGLE_SECONDS }),
        1,
        SINGLE_CONNECTIONS,
      );
      singleRuns.push(result);
      progress(name, `single run ${run}/${SINGLE_RUNS}: ${format(result.ok / result.seconds)} requests/s${problems(result)}`);
    }

    // 3. The same single events at a fixed rate: latency. autocannon's overallRate lets every connection send its
    // share of a second at the start of that second, back to back (a burst each second); the same rate sent
    // evenly (one request every 1/rate s, open loop) is measured beside it to tell the service from the bursts.
    memory.phase('fixed rate');
    const fixed = { ...singles, connections: FIXED_CONNECTIONS, overallRate: FIXED_RATE };
    count(await load(service, { ...fixed, duration: WARM_UP_SECONDS }), 1, FIXED_CONNECTIONS);
    const fixedRuns: Run[] = [];
    const pacedRuns: Run[] = [];
    for (let run = 1; run <= FIXED_RUNS; run++) {
      const bursts = count(await load(service, { ...fixed, duration: FIXED_SECONDS }, { latencies: true }), 1, FIXED_CONNECTIONS);
      fixedRuns.push(bursts);
      const even = count(await paced(service, () => JSON.stringify(singleEvent())));
      pacedRuns.push(even);
      for (const [label, result] of [
        ['autocannon', bursts],
        ['evenly paced', even],
      ] as const) {
        const p50 = format(quantile(result.latencies, 0.5), 1);
        const p99 = format(quantile(result.latencies, 0.99), 1);
        progress(
          name,
          `fixed-rate run ${run}/${FIXED_RUNS}, ${label}: ${format(result.ok / result.seconds)} requests/s, p50 ${p50} ms, p99 ${p99} ms${problems(result)}`,
        );
      }
    }

    // 4. Batches again on a second service whose heap is bounded (--max-old-space-size): the trade-off between
    // throughput and memory (with V8's default heap sizing the service grows its heap lazily under batches).
    memory.phase('end');
    const firstPeakMb = memory.peakMb();
    await first.stop(); // alone on the machine, as the first one was
    const bounded = await startIngestService(database.url!, keysFile, jwtSecret, token, [`--max-old-space-size=${BOUNDED_OLD_SPACE_MB}`]);
    const boundedRuns: Run[] = [];
    try {
      await waitForHealth(bounded.service.url, bounded.child, bounded.output);
      bounded.service.memory.phase('batches');
      const boundedBatches = { ...batches, requests: [{ method: 'POST' as const, path: EVENTS_PATH, setupRequest: withBody(batch) }] };
      count(await load(bounded.service, { ...boundedBatches, duration: WARM_UP_SECONDS }), BATCH_SIZE, BATCH_CONNECTIONS);
      for (let run = 1; run <= BOUNDED_RUNS; run++) {
        const result = count(await load(bounded.service, { ...boundedBatches, duration: BATCH_SECONDS }), BATCH_SIZE, BATCH_CONNECTIONS);
        boundedRuns.push(result);
        progress(
          name,
          `bounded-heap batches run ${run}/${BOUNDED_RUNS}: ${format((result.ok * BATCH_SIZE) / result.seconds)} events/s, service RSS peak ${format(bounded.service.memory.peakMb())} MB${problems(result)}`,
        );
      }
    } finally {
      await bounded.stop();
    }
    const boundedPeakMb = bounded.service.memory.peakMb();

    const { rows } = await database.db.query<{ total: string; per_case: string }>(
      `SELECT (SELECT count(*) FROM event_store.events) AS total,
              (SELECT count(*) FROM event_store.events WHERE stream_name = ANY($1::text[]))::float / $2 AS per_case`,
      [openCases.map((caseId) => `case-${KOMMUNE}-${caseId}`), openCases.length],
    );
    const store: StoreCheck = { total: Number(rows[0]!.total), answered, uncounted, perContactCase: Number(rows[0]!.per_case) };
    progress(
      name,
      `${format(store.total)} events stored, ${format(answered)} answered 2xx (+ up to ${format(uncounted)} in flight at stops); ` +
        `${format(store.perContactCase, 1)} events per contact case; service RSS peak ${format(firstPeakMb)} MB`,
    );
    if (store.total < answered || store.total > answered + uncounted)
      progress(name, 'WARNING: the store does not hold the events answered 2xx: some answers were not new events');

    writeSection(name, report({ batchRuns, singleRuns, fixedRuns, pacedRuns, memory, store }) + boundedReport(boundedRuns, boundedPeakMb));
    progress(name, 'written to bench/results.md');
  } finally {
    await first.stop();
    void exited;
    await database.drop();
    rmSync(secretsDir, { recursive: true, force: true });
  }
}

/**
 * Starts the compiled case-events service on PostgreSQL as its own process (deployment shape 2), with extra node
 * arguments. The ingest service alone: in the standalone process the trust monitor's projection shares its
 * event loop and the database, which is the trust monitor's benchmark's business.
 */
async function startIngestService(databaseUrl: string, keysFile: string, jwtSecret: string, token: string, nodeArgs: string[]) {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, 'dist/apps/case-events/src/main.js'], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: Service = {
    url: `http://127.0.0.1:${port}`,
    authorization: `Bearer ${token}`,
    pid: child.pid!,
    memory: sampleRss(child.pid!),
  };
  return {
    child,
    service,
    exited,
    output: () => output,
    async stop() {
      service.memory.stop();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function boundedReport(runs: Run[], peakMb: number): string {
  const rates = runs.map((run) => (run.ok * BATCH_SIZE) / run.seconds);
  return `

**4. Batches on a service with a bounded heap** (\`node --max-old-space-size=${BOUNDED_OLD_SPACE_MB}\`), ${runs.length} runs of ${BATCH_SECONDS} s, the same batches as scenario 1:
with V8's default heap sizing (scenarios 1-3, and \`npm start\`) the service grows its heap lazily while four batches of 1,000 are in flight;
a bounded heap keeps the resident set low at some cost in throughput (more frequent garbage collection). Set it with \`NODE_OPTIONS\` where memory is the constraint.

| runs (events/s) | median events/s | peak RSS | targets |
|---|---|---|---|
| ${rates.map((rate) => format(rate)).join(', ')} | ${format(median(rates))} | ${format(peakMb)} MB | ≥ 20,000 events/s ${median(rates) >= TARGET_BATCH_EVENTS_PER_SECOND ? '(met)' : '(**not met**)'}; < 300 MB ${peakMb < TARGET_PEAK_RSS_MB ? '(met)' : '(**not met**)'} |`;
}

function report(r: {
  batchRuns: Run[];
  singleRuns: Run[];
  fixedRuns: Run[];
  pacedRuns: Run[];
  memory: RssSampler;
  store: StoreCheck;
}): string {
  const met = (ok: boolean) => (ok ? '(met)' : '(**not met**)');
  const answers = (run: Run) =>
    `${format(run.non2xx)} / ${format(run.errors)} / ${format(run.timeouts)}${run.statuses ? ` (${run.statuses})` : ''}`;
  const cpu = (run: Run) => `${format(run.serviceCpu)} % / ${format(run.loadGeneratorCpu)} %`;
  const batchRates = r.batchRuns.map((run) => (run.ok * BATCH_SIZE) / run.seconds);
  const singleRates = r.singleRuns.map((run) => run.ok / run.seconds);
  const latencyRows = (label: string, runs: Run[]) => {
    const rates = runs.map((run) => run.ok / run.seconds);
    const p50s = runs.map((run) => quantile(run.latencies, 0.5));
    const p99s = runs.map((run) => quantile(run.latencies, 0.99));
    return [
      ...runs.map(
        (run, i) =>
          `| ${label} | ${i + 1} | ${format(rates[i]!)} | ${format(p50s[i]!, 1)} ms | ${format(p99s[i]!, 1)} ms | ${answers(run)} | ${cpu(run)} |`,
      ),
      `| ${label} | **median** | **${format(median(rates))}** | **${format(median(p50s), 1)} ms** | **${format(median(p99s), 1)} ms** | target p99 < ${TARGET_FIXED_P99_MS} ms ${met(median(p99s) < TARGET_FIXED_P99_MS)} | |`,
    ].join('\n');
  };
  const { memory } = r;
  const peak = memory.peakMb();
  const mb = (phase: string) => format(memory.peakMb(phase));

  return `## Ingest service (issue 3)

${new Date().toISOString().slice(0, 10)} · ${machine()} · PostgreSQL 15 on 127.0.0.1 · the case-events service (\`apps/case-events/src/main.ts\`, NestJS on Fastify, PostgreSQL store, LOG_LEVEL=warn) in a Node.js process of its own, loaded over HTTP from the benchmark's process.
**PostgreSQL, the service and the load generator all share these ${os.cpus().length} cores**, so the figures are lower than where the load comes from other machines: they compare runs here, they are not production capacity.
Every request body is generated fresh (new eventIds, new cases): no answer is a cheap duplicate. ${WARM_UP_SECONDS} s untimed warm-up per scenario. At the end the store holds ${format(r.store.total)} events, for ${format(r.store.answered)} answered 2xx (warm-ups included) and at most ${format(r.store.uncounted)} more in flight when autocannon stopped a run (one request per connection and run) ${r.store.total >= r.store.answered && r.store.total <= r.store.answered + r.store.uncounted ? '(consistent)' : '(**inconsistent**: some 2xx answers were not new events)'}. CPU is CPU time over wall time during the run, 100 % = one core.

**1. Batches of ${format(BATCH_SIZE)} HelpRequested (${format(BATCH_SIZE)} new cases each)**: autocannon, ${BATCH_CONNECTIONS} connections, ${BATCH_RUNS} runs of ${BATCH_SECONDS} s.

| run | events/s (2xx batches × ${format(BATCH_SIZE)} / s) | non-2xx / errors / timeouts | CPU service / load generator |
|---|---|---|---|
${r.batchRuns.map((run, i) => `| ${i + 1} | ${format(batchRates[i]!)} | ${answers(run)} | ${cpu(run)} |`).join('\n')}
| **median** | **${format(median(batchRates))}** | target ≥ ${format(TARGET_BATCH_EVENTS_PER_SECOND)} events/s ${met(median(batchRates) >= TARGET_BATCH_EVENTS_PER_SECOND)} | |

**2. Single events at full speed**: autocannon, ${SINGLE_CONNECTIONS} connections, ${SINGLE_RUNS} runs of ${SINGLE_SECONDS} s; ${format(CONTACT_SHARE * 100)} % ContactRecorded on one of ${format(OPEN_CASES)} open cases at random (opened beforehand, untimed), ${format((1 - CONTACT_SHARE) * 100)} % HelpRequested on a new case. A 409 would be a case changed concurrently beyond the retries. Every request reads and replays its case: the contact cases grow through scenarios 2 and 3, to ${format(r.store.perContactCase, 1)} events each on average at the end.

| run | requests/s (2xx) | non-2xx / errors / timeouts | CPU service / load generator |
|---|---|---|---|
${r.singleRuns.map((run, i) => `| ${i + 1} | ${format(singleRates[i]!)} | ${answers(run)} | ${cpu(run)} |`).join('\n')}
| **median** | **${format(median(singleRates))}** | target ≥ ${format(TARGET_SINGLE_REQUESTS_PER_SECOND)} requests/s ${met(median(singleRates) >= TARGET_SINGLE_REQUESTS_PER_SECOND)} | |

**3. Single events at a fixed ${format(FIXED_RATE)} requests/s** (the mix of 2), ${FIXED_RUNS} runs of ${FIXED_SECONDS} s each way, alternating; p50/p99 over every 2xx answer.
*autocannon*: \`overallRate: ${FIXED_RATE}\` over ${FIXED_CONNECTIONS} connections. It lets each connection send its ${format(FIXED_RATE / FIXED_CONNECTIONS)} requests of a second back to back from the start of that second, so the service gets a burst every second at full speed (latency from each request's own send; autocannon's own coordinated-omission correction is not used: it takes 1 / rate in seconds as an interval in ms).
*evenly paced*: the same rate as one request every ${format(1_000 / FIXED_RATE, 1)} ms (node:http, keep-alive, at most ${FIXED_CONNECTIONS} connections, open loop); latency from the moment each request was due, so waiting for a free connection counts. Where it achieves less than ${format(FIXED_RATE)}/s the service fell behind and the backlog grew: that latency is mostly waiting.

| load | run | achieved requests/s (2xx) | p50 | p99 | non-2xx / errors / timeouts | CPU service / load generator |
|---|---|---|---|---|---|---|
${latencyRows('autocannon', r.fixedRuns)}
${latencyRows('evenly paced', r.pacedRuns)}

**4. Memory**: the service's resident set (VmRSS of its process), sampled every ${RSS_SAMPLE_MS} ms throughout; peak per phase.

| ready | 1. batches | opening cases | 2. single | 3. fixed rate | at the end | peak | target |
|---|---|---|---|---|---|---|---|
| ${format(memory.readyMb)} MB | ${mb('batches')} MB | ${mb('open cases')} MB | ${mb('single')} MB | ${mb('fixed rate')} MB | ${format(memory.currentMb())} MB | **${format(peak)} MB** | < ${TARGET_PEAK_RSS_MB} MB ${met(peak < TARGET_PEAK_RSS_MB)} |`;
}

/** One autocannon run against the ingest endpoint, every answer counted by its status. */
async function load(
  service: Service,
  options: Pick<autocannon.Options, 'connections' | 'duration' | 'overallRate' | 'requests'>,
  collect: { latencies?: boolean } = {},
): Promise<Run> {
  return measure(service, async () => {
    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: service.url,
          ...options,
          headers: { authorization: service.authorization, 'content-type': 'application/json' },
          timeout: 30,
        },
        (error: unknown, done: autocannon.Result) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
      );
      if (collect.latencies) {
        instance.on('response', (_client, statusCode, _bytes, responseTime) => {
          if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
        });
      }
    });
    return {
      seconds: result.duration,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: otherStatuses(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0])),
      latencies,
    };
  });
}

/**
 * FIXED_RATE requests/s for FIXED_SECONDS, each sent when it is due whether or not earlier ones were answered
 * (open loop), over a keep-alive pool of FIXED_CONNECTIONS. Latency runs from the moment a request was due.
 */
async function paced(service: Service, body: () => string): Promise<Run> {
  return measure(service, async () => {
    const target = new URL(service.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: FIXED_CONNECTIONS });
    const total = FIXED_RATE * FIXED_SECONDS;
    const statuses = new Map<string, number>();
    const latencies: number[] = [];
    let errors = 0;
    let timeouts = 0;
    let answered = 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const send = (due: number) => {
        let settled = false;
        const settle = () => {
          if (settled) return;
          settled = true;
          if (++answered === total) resolve();
        };
        const payload = body();
        const request = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            method: 'POST',
            path: EVENTS_PATH,
            headers: {
              authorization: service.authorization,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            },
            timeout: 30_000,
          },
          (response) => {
            response.resume();
            response.once('error', () => {
              errors++;
              settle();
            });
            response.once('end', () => {
              const status = response.statusCode ?? 0;
              statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
              if (status >= 200 && status < 300) latencies.push(performance.now() - due);
              settle();
            });
          },
        );
        request.once('timeout', () => {
          timeouts++;
          request.destroy(new Error('timeout'));
        });
        request.once('error', () => {
          errors++;
          settle();
        });
        request.end(payload);
      };
      let sent = 0;
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * FIXED_RATE) / 1_000) + 1);
        for (; sent < due; sent++) send(started + (sent * 1_000) / FIXED_RATE);
        if (sent < total) setTimeout(tick, 1);
      };
      tick();
    });
    agent.destroy();
    const ok = [...statuses].filter(([code]) => code.startsWith('2')).reduce((n, [, count]) => n + count, 0);
    return {
      seconds: (performance.now() - started) / 1_000,
      ok,
      non2xx: [...statuses.values()].reduce((n, count) => n + count, 0) - ok,
      errors,
      timeouts,
      statuses: otherStatuses([...statuses]),
      latencies,
    };
  });
}

/** Runs one load and adds the service's RSS peak and the CPU both processes used meanwhile. */
async function measure(service: Service, work: () => Promise<Counts>): Promise<Run> {
  service.memory.resetRunPeak();
  const serviceBefore = cpuSeconds(service.pid);
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const counts = await work();
  const wall = (performance.now() - started) / 1_000;
  const self = process.cpuUsage(selfBefore);
  return {
    ...counts,
    peakRssMb: service.memory.runPeakMb(),
    serviceCpu: ((cpuSeconds(service.pid) - serviceBefore) / wall) * 100,
    loadGeneratorCpu: ((self.user + self.system) / 1e6 / wall) * 100,
  };
}

/** utime + stime of a process, in seconds. */

function otherStatuses(counts: Array<[string, number]>): string {
  return counts
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${code} × ${format(count)}`)
    .join(', ');
}

function problems(run: Run): string {
  const parts = [
    run.non2xx > 0 ? `${format(run.non2xx)} non-2xx (${run.statuses})` : '',
    run.errors > 0 ? `${format(run.errors)} errors` : '',
    run.timeouts > 0 ? `${format(run.timeouts)} timeouts` : '',
  ].filter(Boolean);
  return (
    `; CPU service ${format(run.serviceCpu)} %, load generator ${format(run.loadGeneratorCpu)} %; service RSS peak ${format(run.peakRssMb)} MB` +
    (parts.length > 0 ? `; ${parts.join(', ')}` : '')
  );
}

/** A setupRequest that gives every request a body of its own. */
function withBody(body: () => unknown): (request: autocannon.Request) => autocannon.Request {
  return (request) => ({ ...request, body: JSON.stringify(body()) });
}

let caseCounter = 0;

/** A new case id, never a run of digits that could read as a CPR number. */
function newCaseId(): string {
  return `B-${(caseCounter++).toString(36)}`;
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

function helpRequested() {
  return {
    eventId: randomUUID(),
    type: 'HelpRequested',
    kommune: KOMMUNE,
    caseId: newCaseId(),
    occurredAt: minutesAgo(24 * 60),
    data: { citizenId: `C-${randomBytes(5).toString('hex')}`, area: 'sel_83', department: 'adult_disability', channel: 'written' },
  };
}

function contactRecorded(caseId: string) {
  return {
    eventId: randomUUID(),
    type: 'ContactRecorded',
    kommune: KOMMUNE,
    caseId,
    occurredAt: minutesAgo(1),
    data: { kind: 'phone', initiatedBy: 'citizen' },
  };
}

function batch(size = BATCH_SIZE) {
  return Array.from({ length: size }, helpRequested);
}

/** What the store holds at the end against what was answered 2xx. */
interface StoreCheck {
  total: number;
  answered: number;
  uncounted: number;
  perContactCase: number;
}

interface RssSampler {
  /** RSS when the service answered /health. */
  readyMb: number;
  /** Names the phase that the following samples belong to. */
  phase(name: string): void;
  resetRunPeak(): void;
  runPeakMb(): number;
  peakMb(phase?: string): number;
  currentMb(): number;
  stop(): void;
}

/** Samples VmRSS of the process every RSS_SAMPLE_MS: the peak overall, per phase and per run. */
function sampleRss(pid: number): RssSampler {
  let current = 0;
  let peak = 0;
  let runPeak = 0;
  let phase = 'startup';
  const peaks = new Map<string, number>();
  const sample = () => {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return; // the process is gone
    }
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    if (!Number.isFinite(kb)) return;
    current = kb / 1024;
    peak = Math.max(peak, current);
    runPeak = Math.max(runPeak, current);
    peaks.set(phase, Math.max(peaks.get(phase) ?? 0, current));
  };
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  sample();
  const sampler: RssSampler = {
    readyMb: Number.NaN,
    phase(name) {
      sample();
      if (phase === 'startup') sampler.readyMb = current;
      phase = name;
    },
    resetRunPeak() {
      sample();
      runPeak = current;
    },
    runPeakMb: () => (sample(), runPeak),
    peakMb: (name) => (name === undefined ? peak : (peaks.get(name) ?? Number.NaN)),
    currentMb: () => (sample(), current),
    stop: () => clearInterval(timer),
  };
  return sampler;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/health`).catch(() => undefined);
    if (response?.status === 200) return;
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before /health answered 200:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`/health did not answer 200 within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
