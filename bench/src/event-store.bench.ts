import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { PostgresEventStore, type NewEvent, type RecordedEvent, type StreamAppend } from '@tillidsbarometer/event-store';
import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
import { format, machine, median, progress, quantile, writeSection } from './report';

const RUNS = 7;
const WORKLOAD_A_CALLS = 40; // × 100 events to one stream
const WORKLOAD_B_CALLS = 8; // × 1,000 events over 1,000 streams
const LIVE_EVENTS = 600;

interface Contender {
  name: string;
  /** Appends the given streams' events in one call of this contender's API. */
  append(appends: StreamAppend[]): Promise<void>;
}

/**
 * Issue 2's benchmark, on the real PostgreSQL: this store against Emmett's PostgreSQL store and a plain
 * multi-row INSERT of the same rows into a bare table, on two workloads; then readAll throughput and the
 * live delivery latency of a subscription.
 */
export async function eventStoreBenchmark(): Promise<void> {
  const name = 'event-store';
  const database = await createTestDatabase('postgres');
  progress(name, `database ${database.url}`);
  const store = await PostgresEventStore.open(database.db);
  const emmett = getPostgreSQLEventStore(database.url!);
  await database.db.exec(
    `CREATE TABLE bench_plain (stream_name text, stream_position bigint, event_id uuid, event_type text, data jsonb, metadata jsonb)`,
  );

  const contenders: Contender[] = [
    { name: 'this store', append: async (appends) => void (await store.appendToStreams(appends)) },
    {
      name: 'Emmett',
      // Emmett appends one stream per call; a batch over many streams is its calls run concurrently on its pool.
      append: async (appends) => {
        await Promise.all(
          appends.map((a) =>
            emmett.appendToStream(
              a.streamName,
              a.events.map((e) => ({ type: e.type, data: e.data as never })),
            ),
          ),
        );
      },
    },
    {
      name: 'plain INSERT',
      append: async (appends) => {
        const values: unknown[] = [];
        const rows: string[] = [];
        for (const a of appends) {
          a.events.forEach((e, index) => {
            const p = values.length;
            rows.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`);
            values.push(a.streamName, index + 1, e.eventId, e.type, JSON.stringify(e.data), '{}');
          });
        }
        await database.db.query(`INSERT INTO bench_plain VALUES ${rows.join(', ')}`, values);
      },
    },
  ];

  const workloads = {
    a: {
      label: '(a) 100 events to one stream per call',
      calls: WORKLOAD_A_CALLS,
      make: () => [{ streamName: streamName(), events: events(100) }],
    },
    b: {
      label: '(b) 1,000 events over 1,000 streams per call',
      calls: WORKLOAD_B_CALLS,
      make: () => Array.from({ length: 1_000 }, () => ({ streamName: streamName(), events: events(1) })),
    },
  };

  // Warm up: schemas, prepared plans, connection pools.
  for (const contender of contenders) for (const workload of Object.values(workloads)) await contender.append(workload.make());

  type Key = keyof typeof workloads;
  const throughput: Record<Key, Record<string, number[]>> = { a: {}, b: {} };
  const ratios: Record<Key, { emmett: number[]; plain: number[] }> = { a: { emmett: [], plain: [] }, b: { emmett: [], plain: [] } };
  for (let run = 1; run <= RUNS; run++) {
    for (const key of ['a', 'b'] as Key[]) {
      const workload = workloads[key];
      const perRun: Record<string, number> = {};
      // Rotate the order every run so that no contender always runs first (or right after vacuum, ...).
      const order = contenders.map((_, i) => contenders[(i + run) % contenders.length]!);
      for (const contender of order) {
        const batches = Array.from({ length: workload.calls }, workload.make);
        const started = performance.now();
        for (const batch of batches) await contender.append(batch);
        const seconds = (performance.now() - started) / 1000;
        const eventsPerSecond = (batches.length * batches[0]!.reduce((n, a) => n + a.events.length, 0)) / seconds;
        perRun[contender.name] = eventsPerSecond;
        (throughput[key][contender.name] ??= []).push(eventsPerSecond);
      }
      ratios[key].emmett.push(perRun['this store']! / perRun['Emmett']!);
      ratios[key].plain.push(perRun['this store']! / perRun['plain INSERT']!);
      progress(
        name,
        `run ${run}/${RUNS} ${workload.label}: ${Object.entries(perRun)
          .map(([n, v]) => `${n} ${format(v)} ev/s`)
          .join(', ')}`,
      );
    }
  }

  // Emmett and its pool are done: close them so that they do not run beside the readers below.
  await emmett.close();

  // readAll: the whole global order from the start, page by page. Two untimed passes first: a projector
  // rebuilding millions of events runs JIT-warm, and that steady state is what is measured.
  const readEverything = async (limit: number) => {
    let checkpoint: string | undefined;
    let read = 0;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, limit });
      if (page.events.length === 0) return read;
      read += page.events.length;
      checkpoint = page.checkpoint;
    }
  };
  for (let warmUp = 0; warmUp < 2; warmUp++) await readEverything(1_000);
  const total = Number((await database.db.query<{ n: number }>('SELECT count(*) AS n FROM event_store.events')).rows[0]!.n);
  const readRates: Record<number, number[]> = { 1_000: [], 5_000: [] };
  for (let run = 1; run <= 5; run++) {
    for (const limit of [1_000, 5_000]) {
      const started = performance.now();
      const read = await readEverything(limit);
      readRates[limit]!.push(read / ((performance.now() - started) / 1000));
    }
    progress(
      name,
      `readAll run ${run}/5 over ${format(total)} events: ${format(readRates[1_000]!.at(-1)!)} / ${format(readRates[5_000]!.at(-1)!)} ev/s`,
    );
  }

  // Live delivery: append one event at a time, about 200 per second, time append → handler; for a subscriber
  // in the appending process (woken at once) and one in another process (a second pool, woken by NOTIFY).
  const latencies: Record<'same' | 'other', number[]> = { same: [], other: [] };
  const measure = (into: number[]) => async (events: RecordedEvent[]) => {
    const now = performance.now();
    for (const e of events) {
      const sentAt = (e.data as { sentAt?: number }).sentAt;
      if (typeof sentAt === 'number') into.push(now - sentAt);
    }
  };
  const otherProcess = await PostgresEventStore.open(database.connectAgain());
  const same = store.subscribe('bench-live-same', measure(latencies.same));
  const other = otherProcess.subscribe('bench-live-other', measure(latencies.other));
  await Promise.all([same.caughtUp(), other.caughtUp()]);
  for (let i = 0; i < LIVE_EVENTS; i++) {
    await store.appendToStream(streamName(), [{ eventId: randomUUID(), type: 'LiveProbe', data: { sentAt: performance.now() } }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all([same.caughtUp(), other.caughtUp()]);
  await otherProcess.close();
  for (const [where, values] of Object.entries(latencies)) {
    progress(
      name,
      `live delivery (${where} process): ${values.length} events, p50 ${format(quantile(values, 0.5), 1)} ms, p99 ${format(quantile(values, 0.99), 1)} ms`,
    );
  }

  await store.close();
  await database.drop();

  const row = (key: Key, contender: string) =>
    `| ${workloads[key].label} | ${contender} | ${format(median(throughput[key][contender]!))} |`;
  const b = { emmett: median(ratios.b.emmett), plain: median(ratios.b.plain) };
  writeSection(
    name,
    `## Event store (issue 2)

${new Date().toISOString().slice(0, 10)} · ${machine()} · PostgreSQL 15 on 127.0.0.1 (same machine) · ${RUNS} runs; per run ${WORKLOAD_A_CALLS} calls of workload (a) and ${WORKLOAD_B_CALLS} of (b) per contender, interleaved, order rotated.
Emmett is \`@event-driven-io/emmett-postgresql\`; it has no multi-stream append, so its workload (b) call is 1,000 concurrent \`appendToStream\` calls on its pool. The plain INSERT writes the same rows into a table without indexes or constraints.

| workload | contender | median events/s |
|---|---|---|
${(['a', 'b'] as Key[]).flatMap((key) => contenders.map((c) => row(key, c.name))).join('\n')}

| side-by-side ratio (median over runs) | (a) | (b) | target on (b) |
|---|---|---|---|
| this store / Emmett | ${format(median(ratios.a.emmett), 2)} | ${format(b.emmett, 2)} | ≥ 2 ${b.emmett >= 2 ? '(met)' : '(**not met**)'} |
| this store / plain INSERT | ${format(median(ratios.a.plain), 2)} | ${format(b.plain, 2)} | ≥ 0.60 ${b.plain >= 0.6 ? '(met)' : '(**not met**)'} |

| readAll over ${format(total)} events | median events/s | target |
|---|---|---|
| pages of 1,000 | ${format(median(readRates[1_000]!))} | ≥ 200,000 ${median(readRates[1_000]!) >= 200_000 ? '(met)' : '(**not met**)'} |
| pages of 5,000 | ${format(median(readRates[5_000]!))} | |

| live delivery, append → handler (${LIVE_EVENTS} events at ~200/s) | p50 | p99 | target |
|---|---|---|---|
| subscriber in the appending process (woken at once after the commit) | ${format(quantile(latencies.same, 0.5), 1)} ms | ${format(quantile(latencies.same, 0.99), 1)} ms | p99 < 100 ms ${quantile(latencies.same, 0.99) < 100 ? '(met)' : '(**not met**)'} |
| subscriber in another process (LISTEN/NOTIFY, one NOTIFY per 10 ms of appends; polling 1 s as fallback) | ${format(quantile(latencies.other, 0.5), 1)} ms | ${format(quantile(latencies.other, 0.99), 1)} ms | p99 < 100 ms ${quantile(latencies.other, 0.99) < 100 ? '(met)' : '(**not met**)'} |`,
  );
  progress(name, 'written to bench/results.md');
}

function streamName(): string {
  return `case-101-${randomUUID()}`;
}

/** Events shaped like the product's: a HelpRequested with a pseudonym, codes and a timestamp. */
function events(n: number): NewEvent[] {
  return Array.from({ length: n }, () => ({
    eventId: randomUUID(),
    type: 'HelpRequested',
    data: {
      kommune: '101',
      occurredAt: new Date().toISOString(),
      citizenPseudonym: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''),
      area: 'sel_83_personlig_hjaelp',
      department: 'adult_disability',
      channel: 'written',
    },
  }));
}
