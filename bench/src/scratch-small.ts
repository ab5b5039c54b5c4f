import { DEFAULTS, trustMonitorBenchmark } from './trust-monitor.bench';
trustMonitorBenchmark({
  ...DEFAULTS,
  database: 'tb_bench_scratch_small',
  kommuner: ['101', '751', '825', '147', '461'],
  from: '2025-05-01T00:00:00Z',
  to: '2026-11-01T00:00:00Z',
  scale: 0.5,
  rebuildRuns: 1,
  indicatorRequestsPerCell: 6,
  loadSeconds: Number(process.env.LOAD_SECONDS ?? 15),
  writeResults: false,
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
