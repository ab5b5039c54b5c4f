import { DEFAULT_RETRY_DELAY, type RetryDelay } from './key-serial-dispatcher';

/** How every adapter's consumers deliver: the same defaults everywhere (documented in docs/drafts/issue-7-bus.md). */
export interface DeliverySettings {
  /** Messages a consumer holds unacknowledged at most (queued behind their key or being handled). */
  maxInFlight: number;
  /** Keys whose handlers run at the same time in one consumer. */
  maxConcurrentKeys: number;
  /** The pause before a failed message is tried again: doubles from `firstMs` up to `maxMs`. */
  retryDelay: RetryDelay;
  /** The default of `ConsumeOptions.ackTimeoutMs`. */
  ackTimeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  maxInFlight: 1_000,
  maxConcurrentKeys: 16,
  retryDelay: DEFAULT_RETRY_DELAY,
  ackTimeoutMs: 30_000,
};

/** Reports what the bus itself could not do (a lost connection, a failed read): the caller's logger. */
export type BusErrorReporter = (error: unknown, context: string) => void;
