import { Controller, Get, Header, Inject, Module } from '@nestjs/common';
import { Public } from '@tillidsbarometer/auth';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One Prometheus registry per process: every module registers its metrics here. */
export const METRICS = Symbol('Metrics');

@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS) private readonly registry: Registry) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: METRICS,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry }); // process memory, CPU, event loop lag
        return registry;
      },
    },
  ],
  exports: [METRICS],
})
export class MetricsModule {}
