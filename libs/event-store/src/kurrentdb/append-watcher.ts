import { END, excludeSystemEvents, type AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { KurrentDbClient } from './kurrentdb-client';
import { translateKurrentDbError } from './kurrentdb-errors';

/** How long to wait before subscribing again after the live subscription failed (polling covers the gap). */
const RESUBSCRIBE_MS = 1_000;

/**
 * A doorbell, as LISTEN/NOTIFY is for the PostgreSQL adapter: a live subscription to $all from its end, that
 * only says "something was appended". The subscription reads the events itself, page by page from its own
 * checkpoint, so that catching up and following live are one code path with one batch size, and a dropped or
 * duplicated notification changes nothing. Returns the function that stops watching.
 */
export function watchAppends(client: KurrentDbClient, onAppend: () => void, onError: (error: unknown) => void): () => Promise<void> {
  let stopped = false;
  let current: AllStreamSubscription | undefined;
  let retry: NodeJS.Timeout | undefined;
  const subscribe = () => {
    if (stopped) return;
    const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    current = subscription;
    subscription.on('data', () => onAppend());
    subscription.on('error', (error: Error) => {
      if (stopped || current !== subscription) return;
      onError(translateKurrentDbError(error, 'following $all'));
      current = undefined;
      subscription.unsubscribe().catch(() => undefined);
      retry = setTimeout(subscribe, RESUBSCRIBE_MS);
      retry.unref();
      onAppend(); // look once: anything appended while the subscription was down is read by checkpoint
    });
  };
  subscribe();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const subscription = current;
    current = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
  };
}
