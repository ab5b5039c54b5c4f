import { Presets, SingleBar } from 'cli-progress';
import { openDatabase, openEventStore } from '@tillidsbarometer/event-store';
import { loadRuntimeConfig } from '@tillidsbarometer/runtime';
import { rebuildTrustMonitor } from './projection/rebuild';
import { recomputeDelayedHelpWarnings } from './warnings/delayed-help/evaluate-delayed-help';

/**
 * `npm run rebuild`: replays every projection of the trust monitor from the store, with a progress bar, on the
 * configured store (DATABASE_URL, or the embedded PGlite under DATA_DIR; the events from KurrentDB when
 * KURRENTDB_URL is set). Stop the product first: the embedded store is one process's, and a running trust
 * monitor holds the projection's lease.
 */
async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env, 'tillidsbarometer-rebuild');
  const db = await openDatabase(config.database);
  const store = await openEventStore(db, { kurrentdbUrl: config.kurrentdbUrl });
  // Also when the output is not a terminal (CI logs): a line per second instead of a redrawn bar.
  const bar = new SingleBar(
    {
      format: 'rebuilding trust monitor |{bar}| {percentage}% {value}/{total} events, {eta_formatted} left',
      noTTYOutput: true,
      notTTYSchedule: 1_000,
    },
    Presets.shades_classic,
  );
  let started = false;
  try {
    const { events, seconds } = await rebuildTrustMonitor(
      db,
      store,
      (projected, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(Math.min(projected, total));
      },
      (error) => process.stderr.write(`\na batch failed and is tried again: ${error instanceof Error ? error.message : String(error)}\n`),
    );
    bar.stop();
    process.stdout.write(
      `rebuilt from ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)\n`,
    );
    // The kommune warnings are computed from the facts: recomputed now, not at the product's next start.
    const warnings = await recomputeDelayedHelpWarnings(db, config.env, new Date());
    process.stdout.write(`DELAYED_HELP_DETERIORATION recomputed for ${warnings.kommuner} kommuner in ${warnings.seconds.toFixed(1)} s\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
