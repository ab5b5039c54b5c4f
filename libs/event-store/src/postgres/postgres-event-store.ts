import { StreamVersionConflictError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllResult,
  ReadStreamResult,
  StreamAppend,
  StreamAppendResult,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  SubscriptionStatus,
} from '../event-store.port';
import { compareCheckpoints } from '../checkpoint';
import type { Database, SqlClient } from '../sql/database.port';
import { migrate } from '../sql/migrate';
import { validateAppends, validateStreamName } from '../validate-append';
import { appendEvents, type AppendOutcome } from './append-events';
import { LeasedSubscription, type GlobalOrderSource } from '../subscription/leased-subscription';
import { APPENDED_CHANNEL, loadCheckpoint, postgresGlobalOrder } from './postgres-subscription';
import { headCheckpoint, readAll, readStream, readStreams } from './read-events';
import { eventStoreMigrations } from './schema/migrations';

/**
 * How often a stream that lost a race with a concurrent writer (or a deadlock) is tried again, with a
 * random pause growing per attempt so that racing writers spread out instead of colliding again.
 */
const MAX_ATTEMPTS = 10;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt * 2));
const DEADLOCK_DETECTED = '40P01';
const SERIALIZATION_FAILURE = '40001';

/** Appends within this window share one NOTIFY (it only wakes readers; they read by checkpoint). */
const NOTIFY_COALESCE_MS = 10;

/** One adapter for PostgreSQL and PGlite: the database port hides which one runs underneath. */
export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new Set<LeasedSubscription>();
  private notifyTimer: NodeJS.Timeout | undefined;

  private readonly globalOrder: GlobalOrderSource;

  private constructor(readonly db: Database) {
    this.globalOrder = postgresGlobalOrder(db);
  }

  /** Migrates the schema (idempotent) and returns the store; `close` also closes `db`. */
  static async open(db: Database): Promise<PostgresEventStore> {
    await migrate(db, 'event_store', eventStoreMigrations);
    return new PostgresEventStore(db);
  }

  async appendToStream(streamName: string, events: NewEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamName, events, expectedVersion: options.expectedVersion }]);
    if (result!.status === 'conflict') throw new StreamVersionConflictError(streamName, result!.expectedVersion, result!.actualVersion);
    return { nextExpectedVersion: result!.nextExpectedVersion, events: result!.events };
  }

  async appendToStreams(appends: StreamAppend[]): Promise<StreamAppendResult[]> {
    validateAppends(appends);
    const results = new Map<string, StreamAppendResult>();
    let pending: StreamAppend[] = appends;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const outcomes = await this.appendOnce(pending, attempt);
      const again: StreamAppend[] = [];
      outcomes.forEach((outcome, index) => {
        if (outcome.status !== 'retry') results.set(outcome.streamName, outcome);
        else if (attempt < MAX_ATTEMPTS) again.push(pending[index]!);
        else results.set(outcome.streamName, retryExhausted(pending[index]!, outcome));
      });
      pending = again;
      if (pending.length > 0) await backoff(attempt);
    }
    if ([...results.values()].some((result) => result.status === 'appended' && result.events.some((e) => e.status === 'stored')))
      this.announceAppended();
    return appends.map((append) => results.get(append.streamName)!);
  }

  /**
   * After a commit: wake this process's subscriptions at once, and other processes' by one NOTIFY per
   * NOTIFY_COALESCE_MS. Losing a wake-up loses nothing: subscriptions also poll.
   */
  private announceAppended(): void {
    for (const subscription of this.subscriptions) subscription.wake();
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.db.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, '']).catch(() => undefined);
    }, NOTIFY_COALESCE_MS);
    this.notifyTimer.unref();
  }

  private async appendOnce(appends: StreamAppend[], attempt: number): Promise<AppendOutcome[]> {
    try {
      return await appendEvents(this.db, appends);
    } catch (error) {
      // The statement rolled back as a whole: nothing of this call is stored, so all of it may be retried.
      const code = (error as { code?: string }).code;
      if ((code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE) && attempt < MAX_ATTEMPTS) {
        return appends.map((append) => ({ streamName: append.streamName, status: 'retry', actualVersion: -1 }));
      }
      throw error;
    }
  }

  async readStream(streamName: string, options: { fromPosition?: number; maxCount?: number } = {}): Promise<ReadStreamResult> {
    validateStreamName(streamName);
    return readStream(this.db, streamName, options.fromPosition ?? 1, options.maxCount ?? 10_000);
  }

  async readStreams(streamNames: readonly string[]): Promise<Map<string, ReadStreamResult>> {
    streamNames.forEach((name, index) => validateStreamName(name, `streamNames[${index}]`));
    return readStreams(this.db, streamNames);
  }

  async readAll(options: { after?: string; limit?: number } = {}): Promise<ReadAllResult> {
    return readAll(this.db, options.after, options.limit ?? 1_000);
  }

  headCheckpoint(): Promise<string> {
    return headCheckpoint(this.db);
  }

  async subscriptionStatus(name: string): Promise<SubscriptionStatus> {
    const [checkpoint, head] = await Promise.all([loadCheckpoint(this.db, name), headCheckpoint(this.db)]);
    return { checkpoint, head, caughtUp: compareCheckpoints(checkpoint, head) >= 0 };
  }

  async resetSubscription(name: string, tx: SqlClient): Promise<void> {
    await tx.query('DELETE FROM event_store.subscriptions WHERE name = $1', [name]);
  }

  async countEvents(): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>('SELECT count(*)::int8 AS count FROM event_store.events');
    return rows[0]?.count ?? 0;
  }

  subscribe(name: string, handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const subscription = new LeasedSubscription(this.globalOrder, this.db, name, handler, {
      batchSize: options.batchSize ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      leaseRetryMs: options.leaseRetryMs ?? 5_000,
      onError: options.onError,
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    clearTimeout(this.notifyTimer);
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.db.close();
  }
}

function retryExhausted(append: StreamAppend, outcome: AppendOutcome & { status: 'retry' }): StreamAppendResult {
  return {
    streamName: append.streamName,
    status: 'conflict',
    expectedVersion: append.expectedVersion ?? 'any',
    actualVersion: outcome.actualVersion,
  };
}
