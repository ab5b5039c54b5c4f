import { END, excludeSystemEvents, type AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { KurrentDbClient } from './kurrentdb-client';
import { translateKurrentDbError } from './kurrentdb-errors';

/**
 * How long to wait before subscribing again after the live subscription failed: from 1 s, doubling up to 30 s
 * while KurrentDB stays away (one error report per attempt), back to 1 s once events flow. Polling covers the gap.
 */
const RESUBSCRIBE_FIRST_MS = 1_000;
const RESUBSCRIBE_MAX_MS = 30_000;

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
  let delay = RESUBSCRIBE_FIRST_MS;
  const subscribe = () => {
    if (stopped) return;
    const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    current = subscription;
    subscription.on('data', () => {
      delay = RESUBSCRIBE_FIRST_MS;
      onAppend();
    });
    subscription.on('error', (error: Error) => {
      if (stopped || current !== subscription) return;
      onError(translateKurrentDbError(error, 'following $all'));
      current = undefined;
      subscription.unsubscribe().catch(() => undefined);
      retry = setTimeout(subscribe, delay);
      retry.unref();
      delay = Math.min(delay * 2, RESUBSCRIBE_MAX_MS);
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
