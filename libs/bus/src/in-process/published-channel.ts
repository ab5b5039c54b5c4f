import { EventEmitter } from 'node:events';
import type { Database } from '@tillidsbarometer/event-store';

/** NOTIFY channel of a publish (payload: the topic), for consumers in other processes. */
export const PUBLISHED_CHANNEL = 'bus_published';

/** Consumers in this process are woken at once by a publish here; other processes by NOTIFY (or polling). */
const publishedInProcess = new WeakMap<Database, EventEmitter>();

export function publishedEvents(db: Database): EventEmitter {
  let emitter = publishedInProcess.get(db);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    publishedInProcess.set(db, emitter);
  }
  return emitter;
}
