export { CaseEventsModule } from './case-events.module';
export { MAX_EVENTS_PER_BATCH } from './commands/record-case-events/record-case-events.http.controller';
export { RecordCaseEventsCommand, type RecordedCaseEvent } from './commands/record-case-events/record-case-events.command';
export { PublishDeadlinesCommand } from './commands/publish-deadlines/publish-deadlines.command';
