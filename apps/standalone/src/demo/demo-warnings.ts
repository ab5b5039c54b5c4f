import { DelayedHelpEvaluator } from '@tillidsbarometer/trust-monitor';
import type { DemoStep } from './seed-demo-data';

/**
 * DELAYED_HELP_DETERIORATION for the seeded history. The evaluator runs once at start and then at each week end;
 * its start-up run saw the store before the demo was in it, so without this the demo's deteriorations would show
 * no warning until next Monday. Before the snapshots, so that they carry the warnings too.
 */
export const demoWarnings: DemoStep = {
  name: 'warnings',
  async run(app, _plan, progress) {
    const summary = await app.get(DelayedHelpEvaluator, { strict: false }).evaluate();
    if (summary) progress.line(`Demo data: delayed-help warnings evaluated: ${summary.firing} firing of ${summary.warnings}.`);
  },
};
