import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DATABASE, EVENT_STORE, migrate, type Database, type EventStore, type Subscription } from '@tillidsbarometer/event-store';
import { ConfigurationError, HealthChecks, RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { DEFAULT_TRUST_DROP_PARAMETERS, type TrustDropParameters } from './trust-drop';
import { projectTrustDrop, TRUST_DROP_SUBSCRIPTION } from './trust-drop.projection';
import { trustDropMigrations } from './trust-drop.schema';

/** TRUST_DROP_ALPHA [0.05]: the two-sided Welch p below which a fall of a citizen mean fires. */
export function loadTrustDropParameters(env: Readonly<Record<string, string | undefined>>): TrustDropParameters {
  const raw = env['TRUST_DROP_ALPHA'];
  if (raw === undefined || raw === '') return DEFAULT_TRUST_DROP_PARAMETERS;
  const alpha = Number(raw);
  if (!(alpha > 0 && alpha < 1)) throw new ConfigurationError('TRUST_DROP_ALPHA must be a number strictly between 0 and 1');
  return { ...DEFAULT_TRUST_DROP_PARAMETERS, alpha };
}

/**
 * Follows the store for closed temperature measurements under the `trust-drop` subscription's lease and keeps the
 * TRUST_DROP warnings; readiness waits until it has caught up.
 */
@Injectable()
export class TrustDropService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TrustDropService.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly health: HealthChecks,
  ) {}

  async onModuleInit(): Promise<void> {
    const parameters = loadTrustDropParameters(this.config.env);
    await migrate(this.db, 'trust_drop', trustDropMigrations);
    this.subscription = this.store.subscribe(TRUST_DROP_SUBSCRIPTION, (events, { tx }) => projectTrustDrop(events, tx, parameters), {
      onError: (error) => this.logger.error({ err: error }, 'TRUST_DROP failed on a batch; it will try the batch again'),
    });
    this.health.add(async () => {
      const indicator = this.health.indicator('trustDrop');
      const status = await this.store.subscriptionStatus(TRUST_DROP_SUBSCRIPTION);
      return status.caughtUp ? indicator.up({ ...status }) : indicator.down({ ...status, message: 'catching up with the event store' });
    });
  }

  /** Resolves when this instance has handled everything committed before the call. */
  caughtUp(): Promise<void> {
    return this.subscription!.caughtUp();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
