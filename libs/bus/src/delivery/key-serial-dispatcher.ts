/**
 * The delivery discipline every adapter shares, so that they behave alike: one handler call at a time per key
 * (the order of a key is the order in which its messages were enqueued), different keys in parallel up to a
 * limit, and a failed message tried again in place, with a growing pause, before anything behind it with the
 * same key. A message that keeps failing therefore holds back its own key and nothing else.
 */
export interface KeySerialDispatcherOptions<T> {
  /** Handles one message; `attempt` counts from the transport's own delivery count. */
  handle(item: T, attempt: number): Promise<void>;
  /** Acknowledges a handled message to the transport; retried like a failed handler until it succeeds. */
  acknowledge(item: T): Promise<void>;
  /** The transport's delivery count of the item (1 unless the transport counts redeliveries). */
  firstAttempt?(item: T): number;
  onHandlerError(error: unknown, item: T, attempt: number): void;
  onAcknowledgeError?(error: unknown, item: T): void;
  /** How many keys run a handler at the same time. */
  maxConcurrentKeys: number;
  retryDelay: RetryDelay;
}

export interface RetryDelay {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_DELAY: RetryDelay = { firstMs: 100, maxMs: 30_000 };

/** The pause after the n-th failure: first, twice that, four times, ... up to max. */
export function retryDelayMs(failures: number, delay: RetryDelay): number {
  return Math.min(delay.maxMs, delay.firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
}

export class KeySerialDispatcher<T extends { key: string }> {
  private readonly queues = new Map<string, T[]>();
  private readonly workers = new Set<Promise<void>>();
  private readonly waitingForSlot: Array<() => void> = [];
  private readonly sleepers = new Set<() => void>();
  private readonly drainListeners = new Set<() => void>();
  private activeKeys = 0;
  private held = 0;
  private stopping = false;

  constructor(private readonly options: KeySerialDispatcherOptions<T>) {}

  /** Messages taken and not yet acknowledged (queued, being handled, or waiting to be tried again). */
  get size(): number {
    return this.held;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  enqueue(item: T): void {
    if (this.stopping) return; // left unacknowledged: the transport delivers it again to the group
    this.held += 1;
    const queue = this.queues.get(item.key);
    if (queue) {
      queue.push(item);
      return;
    }
    this.queues.set(item.key, [item]);
    const worker = this.work(item.key).finally(() => this.workers.delete(worker));
    this.workers.add(worker);
  }

  /** Resolves once `size` is below `limit` (backpressure for the reader), or at once when stopping. */
  async belowLimit(limit: number): Promise<void> {
    while (this.held >= limit && !this.stopping) {
      await new Promise<void>((resolve) => {
        const listener = () => {
          this.drainListeners.delete(listener);
          resolve();
        };
        this.drainListeners.add(listener);
      });
    }
  }

  /** Takes no more messages, interrupts pauses between retries, and waits for the handlers that are running. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    for (const wake of this.waitingForSlot.splice(0)) wake();
    for (const listener of [...this.drainListeners]) listener();
    await Promise.all([...this.workers]);
    this.queues.clear();
    this.held = 0;
  }

  private async work(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    await this.takeSlot();
    try {
      while (!this.stopping && queue.length > 0) {
        const item = queue[0]!;
        const done = await this.deliver(item);
        if (!done) return; // stopping: the rest of this key stays unacknowledged
        queue.shift();
        this.held -= 1;
        for (const listener of [...this.drainListeners]) listener();
      }
    } finally {
      this.queues.delete(key);
      this.releaseSlot();
    }
  }

  /** True once handled and acknowledged; false when the dispatcher stopped first. */
  private async deliver(item: T): Promise<boolean> {
    let attempt = this.options.firstAttempt?.(item) ?? 1;
    let failures = 0;
    for (;;) {
      if (this.stopping) return false;
      try {
        await this.options.handle(item, attempt);
        break;
      } catch (error) {
        failures += 1;
        this.options.onHandlerError(error, item, attempt);
        attempt += 1;
        await this.sleep(retryDelayMs(failures, this.options.retryDelay));
      }
    }
    // Handled: acknowledge before the next message of the key, so that a later message is never acknowledged
    // while an earlier one could still come back.
    let ackFailures = 0;
    for (;;) {
      try {
        await this.options.acknowledge(item);
        return true;
      } catch (error) {
        ackFailures += 1;
        this.options.onAcknowledgeError?.(error, item);
        if (this.stopping) return false;
        await this.sleep(retryDelayMs(ackFailures, this.options.retryDelay));
      }
    }
  }

  private takeSlot(): Promise<void> {
    if (this.activeKeys < this.options.maxConcurrentKeys || this.stopping) {
      this.activeKeys += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) =>
      this.waitingForSlot.push(() => {
        this.activeKeys += 1;
        resolve();
      }),
    );
  }

  private releaseSlot(): void {
    this.activeKeys -= 1;
    this.waitingForSlot.shift()?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
