import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { compareCheckpoints, DATABASE, EVENT_STORE, type Database, type EventStore } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { stepEnds } from '../../queries/get-indicator-series/step-ends';
import { TRUST_PROJECTION } from '../../projection/trust-projection';
import { WARNINGS_CONFIG, type WarningsConfig } from '../warnings.config';
import { evaluateAllKommuner, type EvaluationSummary } from './evaluate-delayed-help';

const DAY_MS = 86_400_000;
const CAUGHT_UP_POLL_MS = 1_000;
const RETRY_AFTER_FAILURE_MS = 3_600_000;

/** Whether a checkpoint is at or past a target; only the PostgreSQL store's checkpoints can be compared here. */
function reached(checkpoint: string, target: string): boolean {
  try {
    return compareCheckpoints(checkpoint, target) >= 0;
  } catch {
    return false; // another store's opaque checkpoint: wait for caughtUp
  }
}

/** The first Monday 00:00 Europe/Copenhagen after `now`: when the next week's figures are complete. */
export function nextWeekEnd(now: Date): Date {
  return stepEnds('week', now, new Date(now.getTime() + 8 * DAY_MS))[0]!;
}

/**
 * Keeps DELAYED_HELP_DETERIORATION current: evaluates every kommune once the trust projection has caught up after a
 * start (which is also how the warnings follow a rebuild: the product is stopped for `npm run rebuild`, and the
 * rebuild evaluates them itself when it finishes), then at every week end, Monday 00:00 Europe/Copenhagen, once the
 * projection has caught up with what was stored by then. Each evaluation recomputes everything from the facts, so
 * running it twice (or on two instances) writes the same rows.
 */
@Injectable()
export class DelayedHelpEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DelayedHelpEvaluator.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();
  private evaluations = 0;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WARNINGS_CONFIG) private readonly config: WarningsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /** How many evaluations of every kommune have completed in this process (tests wait for the first). */
  get completedEvaluations(): number {
    return this.evaluations;
  }

  /**
   * Waits until the projection has projected what the store held when it was called (not for a quiet store: under a
   * steady ingest the projection is always a batch behind the head), then evaluates every kommune as of `now`.
   */
  async evaluate(now?: Date): Promise<EvaluationSummary | null> {
    const target = (await this.store.subscriptionStatus(TRUST_PROJECTION)).head;
    for (;;) {
      const status = await this.store.subscriptionStatus(TRUST_PROJECTION);
      if (this.stopped || status.caughtUp || reached(status.checkpoint, target)) break;
      await new Promise((resolve) => setTimeout(resolve, CAUGHT_UP_POLL_MS));
    }
    if (this.stopped) return null;
    const summary = await evaluateAllKommuner(this.db, this.config, now ?? this.clock());
    this.evaluations++;
    this.logger.log(
      `DELAYED_HELP_DETERIORATION evaluated for ${summary.kommuner} kommuner in ${summary.seconds.toFixed(1)} s: ` +
        `${summary.warnings} warnings, ${summary.firing} firing`,
    );
    return summary;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.evaluate().then(
        // A second after the Monday, so that the week that just ended is complete by the clock.
        () => this.schedule(nextWeekEnd(this.clock()).getTime() - this.clock().getTime() + 1_000),
        (error: unknown) => {
          this.logger.error({ err: error }, 'evaluating the delayed-help warnings failed; they are tried again in an hour');
          this.schedule(RETRY_AFTER_FAILURE_MS);
        },
      );
    }, delayMs);
    this.timer.unref();
  }
}
