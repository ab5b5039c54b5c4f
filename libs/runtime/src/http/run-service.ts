import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { resolveSecrets } from '../config/embedded-secrets';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { RuntimeModule } from '../runtime.module';
import { createServiceApp } from './create-service-app';
import { stopOnSignals } from './stop-on-signals';

/**
 * Runs one service module in a process of its own (deployment shape 2): the configuration from the environment,
 * the RuntimeModule, the HTTP app, and a clean stop on SIGTERM. Each service's `main.ts` is this one call.
 * `alongside` adds modules built from the same configuration (the integration bus of the services that use it).
 */
export function runService(
  name: string,
  service: Type<unknown>,
  alongside: (config: RuntimeConfig) => Array<DynamicModule | Type<unknown>> = () => [],
): void {
  const start = async () => {
    const config = loadRuntimeConfig(process.env, `tillidsbarometer-${name}`);
    @Module({ imports: [RuntimeModule.forRoot(config, resolveSecrets(config)), ...alongside(config), service] })
    class ServiceRoot {}
    const app = await createServiceApp({ module: ServiceRoot }, config);
    process.stdout.write(`${name} listening on ${config.host}:${config.port}\n`);
    stopOnSignals(app);
  };
  start().catch((error: unknown) => {
    process.stderr.write(`${name} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
