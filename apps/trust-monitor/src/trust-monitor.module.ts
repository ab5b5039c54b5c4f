import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AlertsModule } from './alerts/alerts.module';
import { TrustMonitorHttpController } from './http/trust-monitor.http.controller';
import { TrustProjectionService } from './projection/trust-projection.service';
import { GetIndicatorSeriesHandler } from './queries/get-indicator-series/get-indicator-series.handler';
import { GetIndicatorsHandler } from './queries/get-indicators/get-indicators.handler';
import { NationalFeedModule } from './national-feed/national-feed.module';
import { ListFlagsHandler } from './queries/list-flags/list-flags.handler';
import { TrustDropModule } from './warnings/trust-drop/trust-drop.module';
import { WarningsModule } from './warnings/warnings.module';

/** The read side per kommune: projections into facts, indicators and case flags. Needs the RuntimeModule. */
@Module({
  imports: [CqrsModule, WarningsModule, AlertsModule, TrustDropModule, NationalFeedModule],
  controllers: [TrustMonitorHttpController],
  providers: [TrustProjectionService, GetIndicatorsHandler, GetIndicatorSeriesHandler, ListFlagsHandler],
  exports: [TrustProjectionService],
})
export class TrustMonitorModule {}
