import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule, Pseudonymiser } from '@tillidsbarometer/auth';
import { EventStoreModule } from '@tillidsbarometer/event-store';
import { LoggerModule } from 'nestjs-pino';
import { CLOCK, systemClock } from './clock';
import type { Secrets } from './config/embedded-secrets';
import type { RuntimeConfig } from './config/runtime-config';
import { HealthModule } from './health/health';
import { loggingParams } from './logging';
import { MetricsModule } from './metrics/metrics';

export const RUNTIME_CONFIG = Symbol('RuntimeConfig');
export const PSEUDONYMISER = Symbol('Pseudonymiser');

/**
 * What every service module can inject, whichever process it runs in: the store and its database, the
 * token guard, the pseudonymiser, the clock, the CQRS buses, metrics, health and the logger.
 */
@Module({})
export class RuntimeModule {
  static forRoot(config: RuntimeConfig, secrets: Secrets): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggingParams(config.logLevel)),
        EventStoreModule.forRoot(config.database, { kurrentdbUrl: config.kurrentdbUrl }),
        AuthModule.forRoot(secrets.auth),
        CqrsModule.forRoot(),
        MetricsModule,
        HealthModule,
      ],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: PSEUDONYMISER, useValue: new Pseudonymiser(secrets.pseudonymisationKeys) },
      ],
      exports: [RUNTIME_CONFIG, CLOCK, PSEUDONYMISER, MetricsModule, HealthModule],
    };
  }
}
