import { demoMeasurements } from './demo-measurements';
import { demoSnapshots } from './demo-snapshots';
import { demoWarnings } from './demo-warnings';
import type { DemoStep } from './seed-demo-data';

/** What the demo seeds after the case events, in order, before the dashboard is announced. */
export const DEMO_STEPS: readonly DemoStep[] = [demoMeasurements, demoWarnings];

/**
 * What it seeds while the dashboard is already served: the national snapshots, about 0.3 s a kommune on PGlite,
 * would otherwise add half a minute to a first start before anyone can look at their kommune. The national view
 * fills in as the kommuner report, as it does in production.
 */
export const DEMO_BACKGROUND_STEPS: readonly DemoStep[] = [demoSnapshots];
