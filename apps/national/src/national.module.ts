import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { SnapshotConsumer } from './consumer/snapshot-consumer';
import { NationalHttpController } from './http/national.http.controller';
import { loadNationalConfig, NATIONAL_CONFIG } from './national.config';
import { GetFunnelHandler } from './queries/get-funnel/get-funnel.handler';
import { GetNationalIndicatorsHandler } from './queries/get-national-indicators/get-national-indicators.handler';
import { ListKommuneFiguresHandler } from './queries/list-kommune-figures/list-kommune-figures.handler';
import { ListNationalWarningsHandler } from './queries/list-national-warnings/list-national-warnings.handler';

/**
 * The secretariat's service (ARCHITECTURE.md, "The national feed"): consumes the kommune snapshots from the
 * integration bus into its own store (schema `national`) and answers the national API. Needs the RuntimeModule and
 * an `INTEGRATION_BUS` (the BusModule).
 */
@Module({
  imports: [CqrsModule],
  controllers: [NationalHttpController],
  providers: [
    { provide: NATIONAL_CONFIG, useFactory: (config: RuntimeConfig) => loadNationalConfig(config.env), inject: [RUNTIME_CONFIG] },
    SnapshotConsumer,
    GetNationalIndicatorsHandler,
    ListKommuneFiguresHandler,
    GetFunnelHandler,
    ListNationalWarningsHandler,
  ],
  exports: [SnapshotConsumer],
})
export class NationalModule {}
