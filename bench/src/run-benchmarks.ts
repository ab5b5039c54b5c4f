import { dashboardBenchmark } from './dashboard.bench';
import { detectionBenchmark } from './detection.bench';
import { eventStoreBenchmark } from './event-store.bench';
import { ingestBenchmark } from './ingest.bench';
import { nationalBenchmark } from './national.bench';
import { trustMonitorBenchmark } from './trust-monitor.bench';

/** `npm run bench` runs every benchmark; `npm run bench -- event-store` runs the named ones. */
const benchmarks: Record<string, () => Promise<void>> = {
  'event-store': eventStoreBenchmark,
  ingest: ingestBenchmark,
  'trust-monitor': () => trustMonitorBenchmark(),
  detection: () => detectionBenchmark(),
  national: () => nationalBenchmark(),
  dashboard: () => dashboardBenchmark(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  for (const [name, run] of Object.entries(benchmarks)) {
    if (wanted.length === 0 || wanted.includes(name)) await run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
