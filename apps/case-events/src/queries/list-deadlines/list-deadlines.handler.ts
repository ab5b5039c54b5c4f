import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { ListDeadlinesQuery, type DeadlineListing } from './list-deadlines.query';
import { loadDeadlineHistory } from './load-deadline-history';

@QueryHandler(ListDeadlinesQuery)
export class ListDeadlinesHandler implements IQueryHandler<ListDeadlinesQuery, DeadlineListing> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ kommune }: ListDeadlinesQuery): Promise<DeadlineListing> {
    const { history } = await loadDeadlineHistory(this.store, kommune);
    return { kommune, inForce: history.allInForce(this.clock().toISOString()), history: history.publications };
  }
}
