import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  APPENDED_CHANNEL,
  DATABASE,
  EVENT_STORE,
  lossGuard,
  tryTakeLease,
  type Database,
  type DatabaseSession,
  type EventStore,
  type SessionLease,
  type SqlClient,
} from '@tillidsbarometer/event-store';
import { CLOCK, HealthChecks, type Clock } from '@tillidsbarometer/runtime';
import { FEED_ADVANCED, FLAGS_CHANGED, TRUST_PROJECTION } from '../../projection/trust-projection';
import { WARNINGS_CHANGED } from '../../warnings';
import type { AlertingConfig } from '../alerting-config';
import { ALERTING_WAKE } from '../alerting.schema';
import { ALERTING_CONFIG } from '../alerting.tokens';
import { NotificationDispatcher } from '../notify/notification-dispatcher';
import { OutboxDelivery } from '../notify/outbox-delivery';
import { AlertReconciler } from '../reconcile/alert-reconciler';

/** The alerting's lease: one instance notifies. */
const LEASE_NAME = 'alerting:leader';
const TRANSITION_RETENTION_MS = 7 * 86_400_000;

/**
 * The one instance that notifies. Under a lease (`tryTakeLease`: in a scaled-out deployment
 * the others wait and take over when its connection ends), it reconciles the alerts, groups them into
 * notifications and delivers the outbox. It wakes on the projection's and the warnings' announcements (a flag
 * written by an event, in this process or another), on a ticker that sleeps until the next flag, warning,
 * silence or feed moment (at most ALERT_TICK_MAX), and sweeps every kommune every ALERT_SWEEP_INTERVAL.
 * Its work runs on the lease's own connection, so an instance that lost the lease cannot write any more.
 */
@Injectable()
export class AlertingLeader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertingLeader.name);
  private readonly reconciler: AlertReconciler;
  private readonly dispatcher: NotificationDispatcher;
  private readonly delivery: OutboxDelivery;
  private stopped = false;
  private running: Promise<void> | undefined;
  private leading = false;
  private dirtyFlags = new Set<string>();
  private dirtyWarnings = new Set<string>();
  private readonly leadWaker = new Waker();
  private readonly deliveryWaker = new Waker();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    private readonly health: HealthChecks,
  ) {
    this.reconciler = new AlertReconciler(config);
    this.dispatcher = new NotificationDispatcher(config);
    this.delivery = new OutboxDelivery(config);
  }

  onApplicationBootstrap(): void {
    // Ready (GET /health) once the alerting has its baseline, whichever instance holds the lease.
    this.health.add(async () => {
      const indicator = this.health.indicator('alerting');
      return (await this.reconciler.baselineTaken(this.db))
        ? indicator.up()
        : indicator.down({ message: 'waiting for the trust projection to catch up before the first reconciliation' });
    });
    this.running = this.run();
  }

  /** Before the HTTP server and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.leadWaker.wake();
    this.deliveryWaker.wake();
    await this.running;
    this.delivery.close();
  }

  get holdsLease(): boolean {
    return this.leading;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let lease: SessionLease | undefined;
      const unlisten: Array<() => Promise<void>> = [];
      try {
        lease = await tryTakeLease(this.db, LEASE_NAME);
        if (!lease) {
          await this.leadWaker.sleep(this.config.leaseRetryMs);
          continue;
        }
        this.leading = true;
        const on = (channel: string, mark: (kommune: string) => void) =>
          this.db.listen(channel, (kommune) => {
            mark(kommune);
            this.leadWaker.wake();
          });
        unlisten.push(await on(FLAGS_CHANGED, (kommune) => this.dirtyFlags.add(kommune)));
        unlisten.push(await on(WARNINGS_CHANGED, (kommune) => this.dirtyWarnings.add(kommune)));
        unlisten.push(await on(FEED_ADVANCED, () => undefined));
        unlisten.push(await on(ALERTING_WAKE, () => this.deliveryWaker.wake()));
        await this.lead(lease.session, () => (failures = 0));
      } catch (error) {
        failures += 1;
        this.logger.error({ err: error }, 'the alerting failed; it will start again');
        await this.leadWaker.sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      } finally {
        await Promise.all(unlisten.map((stop) => stop().catch(() => undefined)));
        this.leading = false;
        await lease?.release();
      }
    }
  }

  private async lead(session: DatabaseSession, onProgress: () => void): Promise<void> {
    const unlessLost = lossGuard(session.lost);
    const guarded = <T>(work: () => Promise<T>): Promise<T> => this.exclusive(() => unlessLost(work()));
    await guarded(() => this.reconciler.markStarted(session, this.clock()));
    // Until the projection has caught up, its flags are half a history (a first start with demo data, a rebuild).
    while (!this.stopped && !(await this.store.subscriptionStatus(TRUST_PROJECTION)).caughtUp) await this.leadWaker.sleep(500);
    const delivering = this.deliver(session, guarded);
    try {
      let lastTick = this.clock();
      let nextSweep = 0;
      while (!this.stopped) {
        const now = this.clock();
        const sweep = now.getTime() >= nextSweep;
        const flags = [...this.dirtyFlags];
        const warnings = [...this.dirtyWarnings];
        this.dirtyFlags.clear();
        this.dirtyWarnings.clear();
        const queued = await guarded(() =>
          session.transaction(async (tx) => {
            const timed = await this.reconciler.changedBetween(tx, lastTick, now);
            await this.reconciler.reconcile(
              tx,
              now,
              sweep ? { flags: 'all', warnings: 'all' } : { flags: [...flags, ...timed.flags], warnings: [...warnings, ...timed.warnings] },
            );
            const queued = await this.dispatcher.dispatch(tx, now);
            await wakeReaders(tx);
            return queued;
          }),
        );
        lastTick = now;
        if (sweep) {
          nextSweep = now.getTime() + this.config.sweepIntervalMs;
          await guarded(() => this.prune(session, now));
        }
        if (queued > 0) this.deliveryWaker.wake();
        onProgress();
        const next = await guarded(async () =>
          Math.min(
            (await this.reconciler.nextMoment(session, now)) ?? Infinity,
            (await this.dispatcher.nextDue(session)) ?? Infinity,
            nextSweep,
            now.getTime() + this.config.tickMaxMs,
          ),
        );
        await this.leadWaker.sleep(Math.max(0, next - this.clock().getTime()));
      }
    } finally {
      this.leading = false;
      this.deliveryWaker.wake();
      await delivering;
    }
  }

  /** Delivers due notifications until the leadership ends; runs beside the reconciliation. */
  private async deliver(session: DatabaseSession, guarded: <T>(work: () => Promise<T>) => Promise<T>): Promise<void> {
    while (!this.stopped && this.leading) {
      try {
        const heads = await guarded(() => this.delivery.dueHeads(session, this.clock()));
        await Promise.all(
          heads.map(async (entry) => {
            const outcome = await this.delivery.send(entry);
            if (outcome.ok) await this.delivery.holdIfTesting(entry);
            await guarded(async () => {
              await this.delivery.record(session, entry, outcome, this.clock());
              await wakeReaders(session, true);
            });
          }),
        );
        if (heads.length > 0) continue;
        const next = await guarded(() => this.delivery.nextAttempt(session));
        await this.deliveryWaker.sleep(
          Math.max(0, Math.min(next ?? Infinity, this.clock().getTime() + this.config.tickMaxMs) - this.clock().getTime()),
        );
      } catch (error) {
        if (!this.leading || this.stopped) return;
        this.logger.error({ err: error }, 'delivering notifications failed; trying again');
        await this.deliveryWaker.sleep(1_000);
      }
    }
  }

  private async prune(session: DatabaseSession, now: Date): Promise<void> {
    const before = new Date(now.getTime() - this.config.retentionMs);
    await session.query('DELETE FROM alerting.transitions WHERE at < $1', [new Date(now.getTime() - TRANSITION_RETENTION_MS)]);
    await session.query(
      `DELETE FROM alerting.alerts a WHERE a.status = 'resolved' AND a.resolved_seen_at < $1
         AND NOT EXISTS (SELECT 1 FROM alerting.notified n WHERE n.alert_key = a.key)
         AND NOT EXISTS (SELECT 1 FROM alerting.pending p WHERE p.alert_key = a.key)`,
      [before],
    );
    await session.query(`DELETE FROM alerting.outbox WHERE status <> 'pending' AND created_at < $1`, [before]);
    await session.query('DELETE FROM alerting.silences WHERE ends_at < $1', [before]);
  }

  /** One statement or transaction at a time on the lease's connection (the reconciliation and the delivery share it). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/**
 * The store's readers only see a commit once every older transaction has ended (ARCHITECTURE.md: the
 * transaction-id order), and this transaction may have been one: a projection woken by an append while it ran
 * would otherwise wait for its next poll (a second). So, at commit, the alerting wakes them as an append does.
 */
async function wakeReaders(client: SqlClient, wrote = false): Promise<void> {
  await client.query(`SELECT pg_notify($1, '') WHERE $2 OR pg_current_xact_id_if_assigned() IS NOT NULL`, [APPENDED_CHANNEL, wrote]);
}

/** A sleep that a wake-up cuts short; a wake-up while awake makes the next sleep return at once. */
class Waker {
  private woken = false;
  private interrupt: () => void = () => undefined;

  wake(): void {
    this.woken = true;
    this.interrupt();
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = () => undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2_147_483_647));
      this.interrupt = done;
    });
  }
}
