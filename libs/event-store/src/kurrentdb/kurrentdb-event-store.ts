import { EventStoreError, StreamVersionConflictError } from '../errors';
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
import type { Database, SqlClient } from '../sql/database.port';
import { migrate } from '../sql/migrate';
import { validateAppends, validateStreamName } from '../validate-append';
import { watchAppends } from './append-watcher';
import { toEventData } from './event-mapping';
import type { KurrentDbClient } from './kurrentdb-client';
import { compareKurrentDbCheckpoints } from './kurrentdb-checkpoint';
import { isWrongExpectedVersion, translateKurrentDbError } from './kurrentdb-errors';
import { mapConcurrently } from './map-concurrently';
import { planAppend, settleAppend } from './plan-append';
import { countEvents, headCheckpoint, readAll, readStream, readStreamRange, readStreamTail } from './read-kurrentdb';
import { kurrentDbCheckpointMigrations } from './schema/migrations';
import { streamStateAtVersion, versionOfStreamState } from './stream-revision';
import { LeasedSubscription, type GlobalOrderSource } from '../subscription/leased-subscription';
import { CHECKPOINTS_COMPONENT, deleteCheckpoint, loadCheckpoint, saveCheckpoint } from './subscription-checkpoints';

export interface KurrentDbEventStoreOptions {
  client: KurrentDbClient;
  /**
   * PostgreSQL (or PGlite): where subscriptions keep their checkpoints and leases, and where their handlers
   * write the read models, in one transaction. `close` closes it, as the PostgreSQL adapter closes its own.
   */
  db: Database;
  /**
   * How many of a stream's most recent events an append checks for repeated event ids (the idempotency
   * window). An id older than that in its stream, or stored in another stream, is not recognised.
   */
  idempotencyWindow?: number;
  /** Streams appended (or read) at once by one `appendToStreams` (`readStreams`) call. */
  concurrency?: number;
}

/**
 * How often a stream whose version moved between the adapter's read and its write is read and written again,
 * with a random pause growing per attempt (capped at 250 ms) so that racing writers spread out. An exact
 * expectation settles on the next read (a conflict or duplicates); `any` only ends when the write lands, and
 * every round of a race lands one writer, so the bound is generous.
 */
const MAX_ATTEMPTS = 30;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt * 2, 250)));

/**
 * The EventStore port on KurrentDB (EventStoreDB), through the official Node.js client. Streams and the
 * global order ($all) are KurrentDB's; subscription checkpoints, leases and read models stay in PostgreSQL.
 * What differs from the PostgreSQL adapter (docs/drafts/issue-7-kurrentdb-infra.md): the global order is
 * $all's log order; a repeated event id is recognised only among the recent events of its own stream; a
 * batch is one write per stream, not one transaction; counting events reads all of them.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDbClient;
  private readonly db: Database;
  private readonly idempotencyWindow: number;
  private readonly concurrency: number;
  private readonly subscriptions = new Set<LeasedSubscription>();
  private readonly globalOrder: GlobalOrderSource;

  private constructor(options: KurrentDbEventStoreOptions) {
    this.client = options.client;
    this.db = options.db;
    this.idempotencyWindow = options.idempotencyWindow ?? 1_000;
    this.concurrency = options.concurrency ?? 16;
    if (!Number.isSafeInteger(this.idempotencyWindow) || this.idempotencyWindow < 1) throw new RangeError('idempotencyWindow must be >= 1');
    // $all for the global order; checkpoints and leases in PostgreSQL beside the read models; KurrentDB's own
    // live subscription as the doorbell. KurrentDB has no read horizon: what is committed is readable.
    this.globalOrder = {
      readAll: (_session, after, limit) => readAll(this.client, after, limit),
      heldBack: async () => false,
      headCheckpoint: () => headCheckpoint(this.client),
      compareCheckpoints: compareKurrentDbCheckpoints,
      loadCheckpoint,
      saveCheckpoint,
      watchAppends: async (onAppend, onError) => watchAppends(this.client, onAppend, onError),
    };
  }

  /**
   * Migrates the checkpoint table in `db` (idempotent) and reads $all's head once, so that a KurrentDB that
   * does not answer stops the start with a clear error instead of the first request.
   */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    await migrate(options.db, CHECKPOINTS_COMPONENT, kurrentDbCheckpointMigrations);
    const store = new KurrentDbEventStore(options);
    try {
      await store.headCheckpoint();
    } catch (error) {
      await options.client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async appendToStream(streamName: string, events: NewEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamName, events, expectedVersion: options.expectedVersion }]);
    if (result!.status === 'conflict') throw new StreamVersionConflictError(streamName, result!.expectedVersion, result!.actualVersion);
    return { nextExpectedVersion: result!.nextExpectedVersion, events: result!.events };
  }

  /**
   * One write per stream (KurrentDB writes one stream atomically), several streams at once. When a stream's
   * write fails with an error, the others of the batch may have been stored: the error is thrown once every
   * started write has settled, and a retry of the batch is answered with duplicates for what was stored.
   */
  async appendToStreams(appends: StreamAppend[]): Promise<StreamAppendResult[]> {
    validateAppends(appends);
    let stored = false;
    try {
      return await mapConcurrently(appends, this.concurrency, async (append) => {
        const result = await this.appendOne(append);
        if (result.status === 'appended' && result.events.some((event) => event.status === 'stored')) stored = true;
        return result;
      });
    } finally {
      // Wake this process's subscriptions at once; other processes hear of it from KurrentDB.
      if (stored) for (const subscription of this.subscriptions) subscription.wake();
    }
  }

  /**
   * Reads the stream's recent events, decides what is new (planAppend), and writes exactly after the version
   * it read: a writer that got in between makes the write fail with a version conflict, and the stream is
   * read and decided again, so no duplicate slips through between the read and the write.
   */
  private async appendOne(append: StreamAppend): Promise<StreamAppendResult> {
    const { streamName } = append;
    for (let attempt = 1; ; attempt++) {
      const recent = await readStreamTail(this.client, streamName, this.idempotencyWindow);
      const plan = planAppend(append, { version: recent[0]?.streamPosition ?? 0, recent });
      if (plan.kind === 'conflict') {
        return { streamName, status: 'conflict', expectedVersion: append.expectedVersion ?? 'any', actualVersion: plan.actualVersion };
      }
      if (plan.kind === 'duplicates') return { streamName, status: 'appended', ...plan.result };
      let raced: boolean;
      let actualVersion = plan.atVersion;
      try {
        const written = await this.client.appendToStream(streamName, plan.fresh.map(toEventData), {
          streamState: streamStateAtVersion(plan.atVersion),
          requiresLeader: true,
        });
        // `throwOnAppendFailure=false` in KURRENTDB_URL turns the conflict into a result: the same race.
        raced = !written.success;
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw translateKurrentDbError(error, `appending to stream ${streamName}`);
        raced = true;
        actualVersion = versionOfStreamState(error.actualState);
      }
      if (raced) {
        if (attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        return { streamName, status: 'conflict', expectedVersion: append.expectedVersion ?? 'any', actualVersion };
      }
      // The write result carries one log position for the whole write: read the events back for each one's.
      const written = await readStreamRange(this.client, streamName, plan.atVersion + 1, plan.fresh.length);
      if (written.some((event, index) => event.eventId.toLowerCase() !== plan.fresh[index]!.eventId.toLowerCase())) {
        throw new EventStoreError(`KurrentDB: stream ${streamName} does not hold the events just written at version ${plan.atVersion + 1}`);
      }
      return { streamName, status: 'appended', ...settleAppend(plan, written) };
    }
  }

  async readStream(streamName: string, options: { fromPosition?: number; maxCount?: number } = {}): Promise<ReadStreamResult> {
    validateStreamName(streamName);
    return readStream(this.client, streamName, options.fromPosition ?? 1, options.maxCount ?? 10_000);
  }

  /** KurrentDB reads one stream per call: these run `concurrency` at a time. */
  async readStreams(streamNames: readonly string[]): Promise<Map<string, ReadStreamResult>> {
    streamNames.forEach((name, index) => validateStreamName(name, `streamNames[${index}]`));
    const unique = [...new Set(streamNames)];
    const results = await mapConcurrently(unique, this.concurrency, (name) => readStream(this.client, name, 1, Number.MAX_SAFE_INTEGER));
    return new Map(unique.map((name, index) => [name, results[index]!]));
  }

  readAll(options: { after?: string; limit?: number } = {}): Promise<ReadAllResult> {
    return readAll(this.client, options.after, options.limit ?? 1_000);
  }

  headCheckpoint(): Promise<string> {
    return headCheckpoint(this.client);
  }

  async subscriptionStatus(name: string): Promise<SubscriptionStatus> {
    const [checkpoint, head] = await Promise.all([loadCheckpoint(this.db, name), this.headCheckpoint()]);
    return { checkpoint, head, caughtUp: compareKurrentDbCheckpoints(checkpoint, head) >= 0 };
  }

  async resetSubscription(name: string, tx: SqlClient): Promise<void> {
    await deleteCheckpoint(tx, name);
  }

  /** Reads the whole global order: KurrentDB keeps no count of it. */
  countEvents(): Promise<number> {
    return countEvents(this.client);
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
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose().catch(() => undefined);
    await this.db.close();
  }
}
