import { migrate, type Database, type EventStore } from '@tillidsbarometer/event-store';
import { READ_MODEL_TABLES, trustMonitorMigrations } from './schema';
import { projectBatch, TRUST_PROJECTION } from './trust-projection';

/** Events per transaction during a rebuild: larger than live batches, for throughput. */
const REBUILD_BATCH = 5_000;

/**
 * Replays the whole store into an empty read model: empties the facts and rewinds the checkpoint in one
 * transaction, then catches up with the same projection code that runs live, so a rebuild gives exactly
 * the figures live processing gave. Stop the running trust monitor first (it would otherwise hold the lease).
 */
export async function rebuildTrustMonitor(
  db: Database,
  store: EventStore,
  onProgress: (projected: number, total: number) => void = () => undefined,
  onError: (error: unknown) => void = () => undefined,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  await emptyTrustMonitor(db, store);
  const total = await store.countEvents();
  let projected = 0;
  onProgress(0, total);
  const subscription = store.subscribe(
    TRUST_PROJECTION,
    async (events, { tx }) => {
      await projectBatch(events, tx);
      projected += events.length; // progress only: a batch that fails is counted again when retried
      onProgress(projected, total);
    },
    { batchSize: REBUILD_BATCH, leaseRetryMs: 500, onError }, // a failing batch is retried: say so, or a rebuild stalls in silence
  );
  await subscription.caughtUp();
  await subscription.stop();
  return { events: projected, seconds: (performance.now() - started) / 1000 };
}

/** Empties the read model and rewinds its checkpoint, in one transaction: the next run replays everything. */
export async function emptyTrustMonitor(db: Database, store: EventStore): Promise<void> {
  await migrate(db, 'trust_monitor', trustMonitorMigrations);
  await db.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${READ_MODEL_TABLES.map((table) => `trust_monitor.${table}`).join(', ')}`);
    await store.resetSubscription(TRUST_PROJECTION, tx);
  });
}
