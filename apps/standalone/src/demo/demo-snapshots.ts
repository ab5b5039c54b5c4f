import { SnapshotPublisher } from '@tillidsbarometer/trust-monitor';
import type { DemoStep } from './seed-demo-data';

/**
 * One national snapshot per kommune, once the demo's facts and measurements are in, so that the national view has
 * all 98 kommuner at once rather than after the first weekly publication. Through the trust monitor's own publisher:
 * suppressed in the kommune, written to its outbox, relayed over the bus to the national service.
 */
export const demoSnapshots: DemoStep = {
  name: 'national snapshots',
  async run(app, plan, progress) {
    const publisher = app.get(SnapshotPublisher, { strict: false });
    progress.line('Demo data: publishing one national snapshot per kommune ...');
    const started = performance.now();
    const published = await publisher.publishAllSnapshots(plan.kommuner ? { kommuner: plan.kommuner } : {});
    progress.line(`Demo data: ${published.length} kommune snapshots published in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  },
};
