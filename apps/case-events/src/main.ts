import { Module } from '@nestjs/common';
import { createServiceApp, loadRuntimeConfig, resolveSecrets, RuntimeModule, stopOnSignals } from '@tillidsbarometer/runtime';
import { CaseEventsModule } from './case-events.module';

/**
 * The case-events service on its own (deployment shape 2: kommune or shared hosting, PostgreSQL): the same
 * module `npm start` runs, in a process of its own that scales horizontally.
 */
async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env, 'tillidsbarometer-case-events');
  const secrets = resolveSecrets(config);
  @Module({ imports: [RuntimeModule.forRoot(config, secrets), CaseEventsModule] })
  class CaseEventsService {}
  const app = await createServiceApp({ module: CaseEventsService }, config);
  process.stdout.write(`case-events listening on ${config.host}:${config.port}\n`);
  stopOnSignals(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`case-events could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
