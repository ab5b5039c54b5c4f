import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DATABASE, EVENT_STORE, migrate, type Database, type EventStore, type Subscription } from '@tillidsbarometer/event-store';
import { HealthChecks } from '@tillidsbarometer/runtime';
import { trustMonitorMigrations } from './schema';
import { projectBatch, TRUST_PROJECTION } from './trust-projection';

/**
 * Runs the trust monitor's projection in this process: migrates its read model, follows the store under the
 * subscription's lease, and makes readiness wait for it (CONTRACT.md section 10: /health is 200 only once the
 * projections have caught up, so a client that has just written can wait for its figures).
 */
@Injectable()
export class TrustProjectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TrustProjectionService.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthChecks,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'trust_monitor', trustMonitorMigrations);
    this.subscription = this.store.subscribe(TRUST_PROJECTION, (events, { tx }) => projectBatch(events, tx), {
      batchSize: 2_000,
      onError: (error) => this.logger.error({ err: error }, 'the trust projection failed on a batch; it will try the batch again'),
    });
    this.health.add(async () => {
      const indicator = this.health.indicator('trustMonitorProjection');
      const status = await this.store.subscriptionStatus(TRUST_PROJECTION);
      return status.caughtUp ? indicator.up({ ...status }) : indicator.down({ ...status, message: 'catching up with the event store' });
    });
  }

  /** Resolves when this instance has projected everything committed before the call. */
  caughtUp(): Promise<void> {
    return this.subscription!.caughtUp();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
