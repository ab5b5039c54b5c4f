import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DATABASE, migrate, type Database } from '@tillidsbarometer/event-store';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { DelayedHelpEvaluator } from './delayed-help/delayed-help-evaluator.service';
import { GetDelayedHelpChartHandler } from './queries/get-delayed-help-chart/get-delayed-help-chart.handler';
import { ListKommuneWarningsHandler } from './queries/list-kommune-warnings/list-kommune-warnings.handler';
import { loadWarningsConfig, WARNINGS_CONFIG } from './warnings.config';
import { WarningsHttpController } from './warnings.http.controller';
import { warningsMigrations } from './warnings.schema';

@Injectable()
class WarningsSchema implements OnModuleInit {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'warnings', warningsMigrations);
  }
}

/** Kommune-level warnings (CONTRACT.md section 5): their read model, evaluation and API. Needs the RuntimeModule. */
@Module({
  imports: [CqrsModule],
  controllers: [WarningsHttpController],
  providers: [
    WarningsSchema,
    { provide: WARNINGS_CONFIG, useFactory: (config: RuntimeConfig) => loadWarningsConfig(config.env), inject: [RUNTIME_CONFIG] },
    DelayedHelpEvaluator,
    ListKommuneWarningsHandler,
    GetDelayedHelpChartHandler,
  ],
  exports: [WARNINGS_CONFIG, DelayedHelpEvaluator],
})
export class WarningsModule {}
