import type { ReadAllResult, SubscribeOptions, Subscription, SubscriptionHandler } from '../event-store.port';
import { lossGuard } from '../postgres/loss-guard';
import type { Database, DatabaseSession } from '../sql/database.port';
import { tryTakeLease, type SessionLease } from '../sql/session-lease';
import { compareKurrentDbCheckpoints } from './kurrentdb-checkpoint';
import { loadCheckpoint, saveCheckpoint } from './subscription-checkpoints';

/** Where the subscription reads: the store's global order and its doorbell. */
export interface GlobalOrder {
  readAll(after: string, limit: number): Promise<ReadAllResult>;
  headCheckpoint(): Promise<string>;
  watchAppends(onAppend: () => void, onError: (error: unknown) => void): () => Promise<void>;
}

interface Waiter {
  target: string;
  resolve: () => void;
}

/**
 * A named subscription to KurrentDB's $all whose checkpoint and lease live in PostgreSQL, beside the read
 * model: the PostgreSQL adapter's subscription with KurrentDB as the source. Only the instance holding the
 * lease (a session-level advisory lock) runs. Each page of $all is handled inside a transaction on the
 * lease's connection that also moves the checkpoint, so a crash at any point redelivers exactly the pages
 * whose writes did not commit.
 */
export class KurrentDbSubscription implements Subscription {
  private stopped = false;
  private interruptPause: () => void = () => undefined;
  private notified = false;
  private waiters: Waiter[] = [];
  private readonly running: Promise<void>;
  private currentCheckpoint: string | undefined;
  private leaseHeld = false;

  constructor(
    private readonly source: GlobalOrder,
    private readonly db: Database,
    readonly name: string,
    private readonly handler: SubscriptionHandler,
    private readonly options: Required<Omit<SubscribeOptions, 'onError'>> & Pick<SubscribeOptions, 'onError'>,
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
    if (this.currentCheckpoint !== undefined && compareKurrentDbCheckpoints(this.currentCheckpoint, target) >= 0) return;
    await new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.running;
  }

  /** Something was appended (by this process, or announced by KurrentDB): look for it now. */
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
        const session = lease.session;
        stopWatching = this.source.watchAppends(
          () => this.wake(),
          (error) => this.options.onError?.(error),
        );
        this.currentCheckpoint = await loadCheckpoint(session, this.name);
        await this.follow(session, () => (failures = 0));
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

  /** Handles pages until stopped; returns to `run` (which takes the lease again) when anything fails. */
  private async follow(session: DatabaseSession, onProgress: () => void): Promise<void> {
    const unlessLost = lossGuard(session.lost);
    while (!this.stopped) {
      const page = await unlessLost(this.source.readAll(this.currentCheckpoint!, this.options.batchSize));
      if (page.events.length > 0) {
        await unlessLost(
          session.transaction(async (tx) => {
            await this.handler(page.events, { tx });
            await saveCheckpoint(tx, this.name, page.checkpoint);
          }),
        );
        this.currentCheckpoint = page.checkpoint;
        onProgress();
        this.resolveWaiters(false);
        continue;
      }
      this.resolveWaiters(false);
      // Nothing new: sleep until the doorbell rings, the poll interval passes, or the session is lost.
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
      const reached = checkpoint !== undefined && compareKurrentDbCheckpoints(checkpoint, waiter.target) >= 0;
      if (reached || all) waiter.resolve();
      return !(reached || all);
    });
  }
}
