import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseEventsMetrics } from './case-events.metrics';
import { DeadlinesHttpController } from './commands/publish-deadlines/deadlines.http.controller';
import { PublishDeadlinesHandler } from './commands/publish-deadlines/publish-deadlines.handler';
import { CaseStateCache } from './commands/record-case-events/case-state-cache';
import { RecordCaseEventsHandler } from './commands/record-case-events/record-case-events.handler';
import { RecordCaseEventsHttpController } from './commands/record-case-events/record-case-events.http.controller';
import { ListDeadlinesHandler } from './queries/list-deadlines/list-deadlines.handler';

/** The write side for case events: what the kommuner's case systems talk to. Needs the RuntimeModule. */
@Module({
  imports: [CqrsModule],
  controllers: [RecordCaseEventsHttpController, DeadlinesHttpController],
  providers: [
    RecordCaseEventsHandler,
    PublishDeadlinesHandler,
    ListDeadlinesHandler,
    CaseEventsMetrics,
    { provide: CaseStateCache, useFactory: () => new CaseStateCache() },
  ],
})
export class CaseEventsModule {}
