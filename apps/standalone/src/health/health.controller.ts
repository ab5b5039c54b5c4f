import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';

@Injectable()
export class StoreHealthIndicator {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.db.query('SELECT 1');
      return indicator.up({ engine: this.db.kind });
    } catch (error) {
      return indicator.down({ engine: this.db.kind, message: (error as Error).message });
    }
  }
}

/** CONTRACT.md section 10: 200 when the service is ready; later issues add "projections caught up". */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: StoreHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.store.check()]);
  }
}
