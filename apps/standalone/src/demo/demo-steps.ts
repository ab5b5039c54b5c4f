import { demoMeasurements } from './demo-measurements';
import { demoSnapshots } from './demo-snapshots';
import { demoWarnings } from './demo-warnings';
import type { DemoStep } from './seed-demo-data';

/** What the demo seeds after the case events, in order. */
export const DEMO_STEPS: readonly DemoStep[] = [demoMeasurements, demoWarnings, demoSnapshots];
