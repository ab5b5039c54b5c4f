export { TemperatureModule } from './temperature.module';
export { RoundKeeper } from './round-keeper/round-keeper.service';
export { hashSurveyToken } from './rounds/survey-token';
export { CreateMeasurementCommand, type CreatedMeasurement } from './commands/create-measurement/create-measurement.command';
export { SubmitResponseCommand } from './commands/submit-response/submit-response.command';
export type { MeasurementSummary } from './rounds/measurement-summary';
