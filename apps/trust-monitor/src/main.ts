import { Module } from '@nestjs/common';
import { createServiceApp, loadRuntimeConfig, resolveSecrets, RuntimeModule, stopOnSignals } from '@tillidsbarometer/runtime';
import { TrustMonitorModule } from './trust-monitor.module';

/**
 * The trust monitor on its own (deployment shape 2): the projections and the kommune's read API, in a process
 * of its own. Several instances may run; the projection's lease lets one at a time write.
 */
async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env, 'tillidsbarometer-trust-monitor');
  const secrets = resolveSecrets(config);
  @Module({ imports: [RuntimeModule.forRoot(config, secrets), TrustMonitorModule] })
  class TrustMonitorService {}
  const app = await createServiceApp({ module: TrustMonitorService }, config);
  process.stdout.write(`trust-monitor listening on ${config.host}:${config.port}\n`);
  stopOnSignals(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`trust-monitor could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
