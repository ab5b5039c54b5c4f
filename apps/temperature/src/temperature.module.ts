import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { DATABASE, migrate, type Database } from '@tillidsbarometer/event-store';
import { CloseMeasurementHttpController } from './commands/close-measurement/close-measurement.http.controller';
import { CreateMeasurementHandler } from './commands/create-measurement/create-measurement.handler';
import { CreateMeasurementHttpController } from './commands/create-measurement/create-measurement.http.controller';
import { SubmitResponseHandler } from './commands/submit-response/submit-response.handler';
import { SubmitResponseHttpController } from './commands/submit-response/submit-response.http.controller';
import { GetMeasurementHttpController } from './queries/get-measurement/get-measurement.http.controller';
import { GetResultsHttpController } from './queries/get-results/get-results.http.controller';
import { ListMeasurementsHttpController } from './queries/list-measurements/list-measurements.http.controller';
import { ResponsePageHttpController } from './response-page/response-page.http.controller';
import { RoundKeeper } from './round-keeper/round-keeper.service';
import { temperatureMigrations } from './schema/temperature.schema';
import { loadTemperatureConfig, TEMPERATURE_CONFIG } from './temperature.config';

/** Migrates the temperature tables before anything uses them. */
const TEMPERATURE_SCHEMA = Symbol('TemperatureSchema');

/**
 * The write side for trust surveys (CONTRACT.md section 7): measurements as event-sourced rounds, one-time tokens,
 * anonymous responses through a mix pool, the respondent's page, results. Needs the RuntimeModule.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    CreateMeasurementHttpController,
    ListMeasurementsHttpController,
    GetMeasurementHttpController,
    GetResultsHttpController,
    CloseMeasurementHttpController,
    SubmitResponseHttpController,
    ResponsePageHttpController,
  ],
  providers: [
    { provide: TEMPERATURE_SCHEMA, useFactory: (db: Database) => migrate(db, 'temperature', temperatureMigrations), inject: [DATABASE] },
    {
      provide: TEMPERATURE_CONFIG,
      useFactory: (config: RuntimeConfig, _schema: unknown) => loadTemperatureConfig(config.env),
      inject: [RUNTIME_CONFIG, TEMPERATURE_SCHEMA],
    },
    RoundKeeper,
    CreateMeasurementHandler,
    SubmitResponseHandler,
  ],
})
export class TemperatureModule {}
