export { CaseEventsModule } from './case-events.module';
export { MAX_EVENTS_PER_BATCH } from './commands/record-case-events/record-case-events.http.controller';
export type { RecordedCaseEvent } from './commands/record-case-events/record-case-events.command';
