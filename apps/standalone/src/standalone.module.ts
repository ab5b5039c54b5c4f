import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreModule } from '@tillidsbarometer/event-store';
import { LoggerModule } from 'nestjs-pino';
import type { StandaloneConfig } from './config';
import { HealthController, StoreHealthIndicator } from './health/health.controller';
import { loggingParams } from './logging';

/** Every service of the product in one process, on one port (the embedded deployment shape). */
@Module({})
export class StandaloneModule {
  static register(config: StandaloneConfig): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [LoggerModule.forRoot(loggingParams(config.logLevel)), EventStoreModule.forRoot(config.database), TerminusModule],
      controllers: [HealthController],
      providers: [StoreHealthIndicator],
    };
  }
}
