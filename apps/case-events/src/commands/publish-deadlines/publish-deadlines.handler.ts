import { Inject, UnprocessableEntityException } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { kommuneConfigStreamName, validateDeadlinesRequest, type DeadlinesPublished } from '@tillidsbarometer/domain';
import { EVENT_STORE, StreamVersionConflictError, type EventStore, type JsonValue } from '@tillidsbarometer/event-store';
import { randomUUID } from 'node:crypto';
import { ListDeadlinesQuery, type DeadlineListing } from '../../queries/list-deadlines/list-deadlines.query';
import { loadDeadlineHistory } from '../../queries/list-deadlines/load-deadline-history';
import { PublishDeadlinesCommand } from './publish-deadlines.command';

/**
 * Appends one DeadlinesPublished with the entries that change something (a PUT repeated is a no-op), then
 * answers with the listing. The configuration stream's version guards against two leaders publishing at once.
 */
@CommandHandler(PublishDeadlinesCommand)
export class PublishDeadlinesHandler implements ICommandHandler<PublishDeadlinesCommand, DeadlineListing> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: QueryBus,
  ) {}

  async execute({ kommune, body, principal }: PublishDeadlinesCommand): Promise<DeadlineListing> {
    const validation = validateDeadlinesRequest(body);
    if (!validation.ok)
      throw new UnprocessableEntityException({ message: validation.errors.map((e) => e.message).join('; '), errors: validation.errors });
    for (let attempt = 1; ; attempt++) {
      const { history, version } = await loadDeadlineHistory(this.store, kommune);
      const changes = history.newEntries(validation.deadlines);
      if (changes.length === 0) break;
      const event: DeadlinesPublished = { type: 'DeadlinesPublished', data: { kommune, deadlines: changes } };
      try {
        await this.store.appendToStream(
          kommuneConfigStreamName(kommune),
          [{ eventId: randomUUID(), type: event.type, data: event.data as unknown as JsonValue, metadata: { source: principal.subject } }],
          { expectedVersion: version },
        );
        break;
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError) || attempt >= 3) throw error;
      }
    }
    return this.queries.execute(new ListDeadlinesQuery(kommune));
  }
}
