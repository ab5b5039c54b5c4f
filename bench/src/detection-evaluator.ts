import { createHash } from 'node:crypto';
import { Pseudonymiser } from '@tillidsbarometer/auth';
import { caseStreamName, KOMMUNE_CODES, kommuneConfigStreamName, toCaseEvent, validateDeadlinesRequest } from '@tillidsbarometer/domain';
import { connectNodePostgres, openDatabase, PostgresEventStore, type JsonValue, type NewEvent } from '@tillidsbarometer/event-store';
import { TEST_POSTGRES_ADMIN_URL } from '@tillidsbarometer/event-store/testing';
import type { SyntheticHistory } from '@tillidsbarometer/testing';
import {
  DEFAULT_WARNINGS_CONFIG,
  evaluateAllKommuner,
  listWarnings,
  rebuildTrustMonitor,
  recomputeDelayedHelpWarnings,
  type KommuneWarning,
} from '@tillidsbarometer/trust-monitor';
import { format, median, progress } from './report';

const NAME = 'detection';
const DATABASE = 'tb_bench_warnings';
const LOAD_BATCH = 2_000;
const RUNS = 3;

export interface EvaluatorTiming {
  /** Whole evaluations of the 98 kommuner, seconds, one per run. */
  runs: number[];
  /** Per kommune over the runs, seconds. */
  kommuneMedian: number;
  kommuneMax: number;
  slowest: string;
  cases: number;
  decisions: number;
  /** Kommuner whose stored warnings are exactly those the in-memory counts give (the SQL path checked at scale). */
  agreeing: number;
  disagreeing: string[];
  warnings: number;
  reusedDataset: boolean;
}

/**
 * The evaluator's cost on a real read model: the two years of the report seed loaded into the store of a PostgreSQL
 * database (kept as tb_bench_warnings and reused while its marker matches) and projected by the trust monitor's own
 * rebuild; then `evaluateAllKommuner`, the evaluator's work, timed RUNS times as of the history's end. Its stored
 * warnings are compared with those the in-memory counts gave, kommune by kommune.
 */
export async function timeEvaluator(
  history: SyntheticHistory,
  spec: string,
  asOf: Date,
  expected: Map<string, KommuneWarning[]>,
): Promise<EvaluatorTiming> {
  const reusedDataset = await ensureReadModel(history, spec);
  const db = await openDatabase({ databaseUrl: databaseUrl(DATABASE), dataDir: '', applicationName: 'bench-detection-evaluator' });
  try {
    // Once untimed: migrates the warnings schema (as the product's start does) and warms the caches.
    await recomputeDelayedHelpWarnings(db, {}, asOf);
    const runs: number[] = [];
    const perKommune = new Map<string, number[]>();
    for (let run = 0; run < RUNS; run++) {
      let last = performance.now();
      const summary = await evaluateAllKommuner(db, DEFAULT_WARNINGS_CONFIG, asOf, (kommune) => {
        const now = performance.now();
        perKommune.set(kommune, [...(perKommune.get(kommune) ?? []), (now - last) / 1000]);
        last = now;
      });
      runs.push(summary.seconds);
      progress(
        NAME,
        `evaluator run ${run + 1}: ${format(summary.seconds, 2)} s for ${summary.kommuner} kommuner, ${summary.warnings} warnings`,
      );
    }
    const medians = [...perKommune].map(([kommune, times]) => ({ kommune, seconds: median(times) }));
    const slowest = medians.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const stored = await listWarnings(db, { code: 'DELAYED_HELP_DETERIORATION' });
    const disagreeing = KOMMUNE_CODES.filter((kommune) => {
      const keys = (warnings: KommuneWarning[]) => canonical([...warnings].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
      return keys(stored.filter((w) => w.kommune === kommune)) !== keys(expected.get(kommune) ?? []);
    });
    const { rows } = await db.query<{ cases: number; decisions: number }>(
      'SELECT (SELECT count(*) FROM trust_monitor.cases)::int8 AS cases, (SELECT count(*) FROM trust_monitor.decisions)::int8 AS decisions',
    );
    return {
      runs,
      kommuneMedian: median(medians.map((m) => m.seconds)),
      kommuneMax: slowest.seconds,
      slowest: slowest.kommune,
      cases: Number(rows[0]!.cases),
      decisions: Number(rows[0]!.decisions),
      agreeing: KOMMUNE_CODES.length - disagreeing.length,
      disagreeing,
      warnings: stored.length,
      reusedDataset,
    };
  } finally {
    await db.close();
  }
}

/** Loads and projects the history unless the database already holds it (by its marker). Returns whether it was reused. */
async function ensureReadModel(history: SyntheticHistory, spec: string): Promise<boolean> {
  const admin = connectNodePostgres({ connectionString: TEST_POSTGRES_ADMIN_URL, max: 1, applicationName: 'bench-detection-admin' });
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount > 0;
    if (exists) {
      const db = await openDatabase({ databaseUrl: databaseUrl(DATABASE), dataDir: '', applicationName: 'bench-detection-check' });
      try {
        const { rows } = await db.query<{ marker: string | null }>(`SELECT to_regclass('bench.warnings_dataset')::text AS marker`);
        if (rows[0]?.marker) {
          const marker = (await db.query<{ spec: string }>('SELECT spec FROM bench.warnings_dataset')).rows[0];
          if (marker?.spec === spec) {
            progress(NAME, `${DATABASE} holds the report seed's read model: reused`);
            return true;
          }
        }
      } finally {
        await db.close();
      }
    }
    progress(NAME, `loading the report seed into ${DATABASE} and projecting it (once; the database is kept for later runs)`);
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.close();
  }
  const db = await openDatabase({ databaseUrl: databaseUrl(DATABASE), dataDir: '', applicationName: 'bench-detection-load' });
  try {
    const store = await PostgresEventStore.open(db);
    await load(store, history);
    let lastReport = 0;
    const rebuilt = await rebuildTrustMonitor(db, store, (projected, total) => {
      if (performance.now() - lastReport < 10_000) return;
      lastReport = performance.now();
      progress(NAME, `projecting: ${format(projected)} / ${format(total)} events`);
    });
    progress(NAME, `projected ${format(rebuilt.events)} events in ${format(rebuilt.seconds, 0)} s`);
    await db.exec('ANALYZE');
    await db.exec('CREATE SCHEMA IF NOT EXISTS bench; CREATE TABLE IF NOT EXISTS bench.warnings_dataset (spec text NOT NULL)');
    await db.query('INSERT INTO bench.warnings_dataset (spec) VALUES ($1)', [spec]);
  } finally {
    await db.close();
  }
  return false;
}

/** Straight into the store, as the ingest path stores each request (toCaseEvent with a benchmark key per kommune). */
async function load(store: PostgresEventStore, history: SyntheticHistory): Promise<void> {
  const keys = new Map(KOMMUNE_CODES.map((code) => [code, createHash('sha256').update(`bench detection ${code}`).digest()]));
  const pseudonymiser = new Pseudonymiser(keys);
  const pseudonymise = (kommune: string, kind: 'citizen' | 'caseworker', value: string) => pseudonymiser.pseudonymise(kommune, kind, value);
  await store.appendToStreams(
    history.deadlines.map(({ kommune, deadlines }) => {
      const validation = validateDeadlinesRequest(deadlines);
      if (!validation.ok) throw new Error(`deadlines of ${kommune}: ${JSON.stringify(validation.errors)}`);
      return {
        streamName: kommuneConfigStreamName(kommune),
        expectedVersion: 'any' as const,
        events: [
          {
            eventId: uuidOf(`deadlines ${kommune}`),
            type: 'DeadlinesPublished',
            data: { kommune, deadlines: validation.deadlines } as unknown as JsonValue,
          },
        ],
      };
    }),
  );
  let batch = new Map<string, NewEvent[]>();
  let inBatch = 0;
  let events = 0;
  let lastReport = performance.now();
  const flush = async () => {
    const results = await store.appendToStreams(
      [...batch].map(([streamName, list]) => ({ streamName, events: list, expectedVersion: 'any' as const })),
    );
    const failed = results.find((r) => r.status !== 'appended');
    if (failed) throw new Error(`loading: ${failed.streamName} ${failed.status}`);
    batch = new Map();
    inBatch = 0;
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      progress(NAME, `loading: ${format(events)} events`);
    }
  };
  for (const { arrivesAt, event: request } of history.timedEvents()) {
    const event = toCaseEvent(request, pseudonymise);
    const stream = caseStreamName(request.kommune, request.caseId);
    const list = batch.get(stream) ?? [];
    if (list.length === 0) batch.set(stream, list);
    list.push({
      eventId: request.eventId,
      type: event.type,
      data: event.data as never,
      metadata: { receivedAt: arrivesAt, source: 'bench-detection' },
    });
    events++;
    if (++inBatch >= LOAD_BATCH) await flush();
  }
  if (inBatch > 0) await flush();
  progress(NAME, `loaded ${format(events)} events`);
}

/** JSON with every object's keys sorted: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function databaseUrl(database: string): string {
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
