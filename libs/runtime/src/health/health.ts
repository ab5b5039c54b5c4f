import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { Public } from '@tillidsbarometer/auth';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';

export type HealthCheckFunction = () => Promise<HealthIndicatorResult>;

/**
 * Where modules add what "ready" means for them: the store answers (here), the projections have caught up
 * with the store (the trust monitor), ...
 */
@Injectable()
export class HealthChecks {
  private readonly checks: HealthCheckFunction[] = [];

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.add(async () => {
      const indicator = this.indicators.check('eventStore');
      try {
        await db.query('SELECT 1');
        return indicator.up({ engine: db.kind });
      } catch (error) {
        return indicator.down({ engine: db.kind, message: (error as Error).message });
      }
    });
  }

  add(check: HealthCheckFunction): void {
    this.checks.push(check);
  }

  all(): HealthCheckFunction[] {
    return [...this.checks];
  }

  indicator(key: string) {
    return this.indicators.check(key);
  }
}

/** CONTRACT.md section 10: 200 when the service is ready (every check up), 503 otherwise. */
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthChecks,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check(this.checks.all());
  }

  /** Liveness: the process answers, whatever the state of its dependencies. */
  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }
}

// Readiness is polled, and a 503 while the projections catch up is the normal answer, not an error worth a log
// line per poll: the answer itself says which check is down and why.
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthChecks],
  exports: [HealthChecks],
})
export class HealthModule {}
