import { DeadlineHistory, kommuneConfigStreamName, type DeadlinesPublished } from '@tillidsbarometer/domain';
import type { EventStore } from '@tillidsbarometer/event-store';

/** A kommune's deadline history from its configuration stream, and the stream's version (for appending). */
export async function loadDeadlineHistory(store: EventStore, kommune: string): Promise<{ history: DeadlineHistory; version: number }> {
  const stream = await store.readStream(kommuneConfigStreamName(kommune));
  const history = new DeadlineHistory();
  for (const event of stream.events) {
    if (event.type === 'DeadlinesPublished') history.apply(event as unknown as DeadlinesPublished, event.recordedAt.toISOString());
  }
  return { history, version: stream.currentVersion };
}
