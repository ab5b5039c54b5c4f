import type { ReadAllResult, SubscribeOptions, Subscription, SubscriptionHandler } from '../event-store.port';
import { lossGuard } from '../postgres/loss-guard';
import type { Database, DatabaseSession, SqlClient } from '../sql/database.port';
import { tryTakeLease, type SessionLease } from '../sql/session-lease';

/**
 * What a store gives its subscriptions: its global order, the place where their checkpoints are kept (always in
 * the PostgreSQL database beside the read models, so that a handler's writes and its checkpoint commit together),
 * and a doorbell for appends.
 */
export interface GlobalOrderSource {
  /** The events after `after`, at most `limit`; `session` is the lease's connection, for a store in the same database. */
  readAll(session: DatabaseSession, after: string, limit: number): Promise<ReadAllResult>;
  /**
   * Whether committed events lie beyond `after` that readAll cannot return yet (PostgreSQL's read horizon behind an
   * older open transaction): the subscription then looks again within milliseconds instead of sleeping a poll.
   */
  heldBack(session: DatabaseSession, after: string): Promise<boolean>;
  headCheckpoint(): Promise<string>;
  compareCheckpoints(a: string, b: string): number;
  loadCheckpoint(client: SqlClient, name: string): Promise<string>;
  saveCheckpoint(tx: SqlClient, name: string, checkpoint: string): Promise<void>;
  /** Calls `onAppend` when something may have been appended; resolves to the function that stops watching. */
  watchAppends(onAppend: () => void, onError: (error: unknown) => void): Promise<() => Promise<void>>;
}

export type LeasedSubscriptionOptions = Required<Omit<SubscribeOptions, 'onError'>> & Pick<SubscribeOptions, 'onError'>;

/** How soon to look again while committed events are held back by an older open transaction (doubling). */
const HELD_BACK_RETRY_MS = { first: 5, max: 200 };

interface Waiter {
  target: string;
  resolve: () => void;
}

/**
 * A named subscription to a store's global order, the same for every store. Only the instance holding the lease
 * (`tryTakeLease`, named as the subscription) runs; the others wait and take over when its connection ends. Each
 * batch is handled inside a transaction on the lease's own connection that also moves the checkpoint, so a crash at
 * any point redelivers exactly the batches whose writes did not commit.
 */
export class LeasedSubscription implements Subscription {
  private stopped = false;
  private interruptPause: () => void = () => undefined;
  private notified = false;
  private waiters: Waiter[] = [];
  private readonly running: Promise<void>;
  private currentCheckpoint: string | undefined;
  private leaseHeld = false;

  constructor(
    private readonly source: GlobalOrderSource,
    private readonly db: Database,
    readonly name: string,
    private readonly handler: SubscriptionHandler,
    private readonly options: LeasedSubscriptionOptions,
  ) {
    this.running = this.run();
  }

  get checkpoint(): string | undefined {
    return this.currentCheckpoint;
  }

  get holdsLease(): boolean {
    return this.leaseHeld;
  }

  async caughtUp(): Promise<void> {
    const target = await this.source.headCheckpoint();
    if (this.currentCheckpoint !== undefined && this.source.compareCheckpoints(this.currentCheckpoint, target) >= 0) return;
    await new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.running;
  }

  /** Something was appended: look for it now (the store's doorbell, or an append in this very process). */
  wake(): void {
    this.notified = true;
    this.interruptPause();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let lease: SessionLease | undefined;
      let stopWatching: (() => Promise<void>) | undefined;
      try {
        lease = await tryTakeLease(this.db, this.name);
        if (!lease) {
          await this.pause(this.options.leaseRetryMs);
          continue;
        }
        this.leaseHeld = true;
        stopWatching = await this.source.watchAppends(
          () => this.wake(),
          (error) => this.options.onError?.(error),
        );
        this.currentCheckpoint = await this.source.loadCheckpoint(lease.session, this.name);
        await this.follow(lease.session, () => (failures = 0));
      } catch (error) {
        failures += 1;
        this.options.onError?.(error);
        // Back off so that a failing handler or a store that is down is not hammered; retry the same events.
        await this.pause(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      } finally {
        await stopWatching?.().catch(() => undefined);
        this.leaseHeld = false;
        await lease?.release();
      }
    }
    this.resolveWaiters(true);
  }

  /** Handles batches until stopped; returns to `run` (which takes the lease again) when anything fails. */
  private async follow(session: DatabaseSession, onProgress: () => void): Promise<void> {
    const unlessLost = lossGuard(session.lost);
    let heldBackRetryMs = HELD_BACK_RETRY_MS.first;
    while (!this.stopped) {
      const page = await unlessLost(this.source.readAll(session, this.currentCheckpoint!, this.options.batchSize));
      if (page.events.length > 0) {
        await unlessLost(
          session.transaction(async (tx) => {
            await this.handler(page.events, { tx });
            await this.source.saveCheckpoint(tx, this.name, page.checkpoint);
          }),
        );
        this.currentCheckpoint = page.checkpoint;
        onProgress();
        this.resolveWaiters(false);
        heldBackRetryMs = HELD_BACK_RETRY_MS.first;
        continue;
      }
      this.resolveWaiters(false);
      if (await unlessLost(this.source.heldBack(session, this.currentCheckpoint!))) {
        // Committed but not readable yet: they become readable when the older transaction ends.
        await unlessLost(this.pause(Math.min(heldBackRetryMs, this.options.pollIntervalMs)));
        heldBackRetryMs = Math.min(heldBackRetryMs * 2, HELD_BACK_RETRY_MS.max);
        continue;
      }
      heldBackRetryMs = HELD_BACK_RETRY_MS.first;
      // Nothing visible now: sleep until the doorbell, the poll interval, or the session's loss.
      await unlessLost(this.pause(this.options.pollIntervalMs));
    }
  }

  /** Waits `ms`, or less when the doorbell rings or the subscription stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.notified) {
      this.notified = false; // rung while we were busy: look again at once
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interruptPause = () => undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.interruptPause = () => {
        this.notified = false;
        finish();
      };
    });
  }

  private resolveWaiters(all: boolean): void {
    const checkpoint = this.currentCheckpoint;
    this.waiters = this.waiters.filter((waiter) => {
      const reached = checkpoint !== undefined && this.source.compareCheckpoints(checkpoint, waiter.target) >= 0;
      if (reached || all) waiter.resolve();
      return !(reached || all);
    });
  }
}
