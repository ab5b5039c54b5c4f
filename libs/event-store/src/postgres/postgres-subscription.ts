import { compareCheckpoints, formatCheckpoint, parseCheckpoint } from '../checkpoint';
import { lossGuard } from './loss-guard';
import type { SubscribeOptions, Subscription, SubscriptionHandler } from '../event-store.port';
import type { Database, DatabaseSession, SqlClient } from '../sql/database.port';
import { tryTakeLease, type SessionLease } from '../sql/session-lease';
import { eventsHeldBack, headCheckpoint, readAll } from './read-events';

export const APPENDED_CHANNEL = 'event_store_appended';

/** How soon to look again while committed events are held back by an older open transaction (doubling). */
const HELD_BACK_RETRY_MS = { first: 5, max: 200 };

interface Waiter {
  target: string;
  resolve: () => void;
}

/**
 * A named subscription to the global order. Only the instance holding the lease (`tryTakeLease`, named as the
 * subscription) runs; the others wait and take over when its connection ends. Each batch is handled inside a
 * transaction on the lease's own connection that also moves the checkpoint, so a crash at any point
 * redelivers exactly the batches whose writes did not commit.
 */
export class PostgresSubscription implements Subscription {
  private stopped = false;
  private interruptPause: () => void = () => undefined;
  private notified = false;
  private waiters: Waiter[] = [];
  private running: Promise<void>;
  private currentCheckpoint: string | undefined;
  private leaseHeld = false;

  constructor(
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
    const target = await headCheckpoint(this.db);
    if (this.currentCheckpoint !== undefined && compareCheckpoints(this.currentCheckpoint, target) >= 0) return;
    await new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let lease: SessionLease | undefined;
      let unlisten: (() => Promise<void>) | undefined;
      try {
        lease = await tryTakeLease(this.db, this.name);
        if (!lease) {
          await this.pause(this.options.leaseRetryMs);
          continue;
        }
        this.leaseHeld = true;
        unlisten = await this.db.listen(APPENDED_CHANNEL, () => this.wake());
        this.currentCheckpoint = await loadCheckpoint(lease.session, this.name);
        await this.follow(lease.session, () => (failures = 0));
      } catch (error) {
        failures += 1;
        this.options.onError?.(error);
        // Back off so that a failing handler or a database that is down is not hammered; retry the same events.
        await this.pause(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      } finally {
        await unlisten?.().catch(() => undefined);
        this.leaseHeld = false;
        await lease?.release();
      }
    }
    this.resolveWaiters(true);
  }

  /** Handles batches until stopped; returns to `run` (which re-acquires) when anything fails. */
  private async follow(session: DatabaseSession, onProgress: () => void): Promise<void> {
    const unlessLost = lossGuard(session.lost);
    let heldBackRetryMs = HELD_BACK_RETRY_MS.first;
    while (!this.stopped) {
      const page = await unlessLost(readAll(session, this.currentCheckpoint, this.options.batchSize));
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
        heldBackRetryMs = HELD_BACK_RETRY_MS.first;
        continue;
      }
      this.resolveWaiters(false);
      if (await unlessLost(eventsHeldBack(session, this.currentCheckpoint))) {
        // Committed but behind the read horizon: they become visible when the older transaction ends.
        await unlessLost(this.pause(Math.min(heldBackRetryMs, this.options.pollIntervalMs)));
        heldBackRetryMs = Math.min(heldBackRetryMs * 2, HELD_BACK_RETRY_MS.max);
        continue;
      }
      heldBackRetryMs = HELD_BACK_RETRY_MS.first;
      // Nothing visible now: sleep until a notification, the poll interval, or the session's loss.
      await unlessLost(this.pause(this.options.pollIntervalMs));
    }
  }

  /** Something was appended: look for it now (a notification, or an append in this very process). */
  wake(): void {
    this.notified = true;
    this.interruptPause();
  }

  /** Waits `ms`, or less when a notification arrives or the subscription stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.notified) {
      this.notified = false; // a notification came while we were busy: look again at once
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
      const reached = checkpoint !== undefined && compareCheckpoints(checkpoint, waiter.target) >= 0;
      if (reached || all) waiter.resolve();
      return !(reached || all);
    });
  }
}

export async function loadCheckpoint(client: SqlClient, name: string): Promise<string> {
  const { rows } = await client.query<{ transaction_id_text: string; global_position: number }>(
    'SELECT transaction_id::text AS transaction_id_text, global_position FROM event_store.subscriptions WHERE name = $1',
    [name],
  );
  const row = rows[0];
  return row ? formatCheckpoint(row.transaction_id_text, row.global_position) : formatCheckpoint(0n, 0n);
}

async function saveCheckpoint(tx: SqlClient, name: string, checkpoint: string): Promise<void> {
  const { transactionId, globalPosition } = parseCheckpoint(checkpoint);
  await tx.query(
    `INSERT INTO event_store.subscriptions (name, transaction_id, global_position) VALUES ($1, $2::text::xid8, $3)
     ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id,
       global_position = excluded.global_position, updated_at = now()`,
    [name, transactionId.toString(), globalPosition.toString()],
  );
}
