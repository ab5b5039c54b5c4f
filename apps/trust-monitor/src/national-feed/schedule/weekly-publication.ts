import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INTEGRATION_BUS, type IntegrationBus } from '@tillidsbarometer/bus';
import { DAY_MS } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { stepEnds } from '../../queries/get-indicator-series/step-ends';
import { NATIONAL_FEED_CONFIG, type NationalFeedConfig } from '../national-feed.config';
import { SnapshotPublisher } from '../publish/snapshot-publisher';

/** setTimeout takes at most 2^31 - 1 ms; a longer wait is taken in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** The latest Monday 00:00 Europe/Copenhagen at or before `now`: the moment a weekly snapshot is as of. */
export function weekStart(now: Date): Date {
  return stepEnds('week', new Date(now.getTime() - 8 * DAY_MS), now).at(-1)!;
}

/** The next Monday 00:00 Europe/Copenhagen after `now`. */
export function nextWeekStart(now: Date): Date {
  return stepEnds('week', now, new Date(now.getTime() + 8 * DAY_MS))[0]!;
}

/**
 * The weekly publication: every kommune's snapshot as of Monday 00:00 (Europe/Copenhagen), once per week and
 * kommune (the week's Monday is the publication's occasion, unique in the outbox). After a start it makes up for the
 * current week's missing snapshots, so a process that was down on Monday publishes when it comes back.
 */
@Injectable()
export class WeeklyPublication implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WeeklyPublication.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NATIONAL_FEED_CONFIG) private readonly config: NationalFeedConfig,
    private readonly publisher: SnapshotPublisher,
    @Optional() @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.weekly.enabled || !this.bus) return;
    this.schedule(this.config.weekly.catchUpDelayMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /**
   * Publishes the week's snapshot (as of the latest Monday at or before `now`) of every kommune that lacks it. A
   * kommune that already has a snapshot as of that Monday or later (published on demand, after a closed measurement,
   * or by the demo's seeding) is left alone: the week is covered.
   */
  async publishWeek(now: Date = this.clock()): Promise<number> {
    const monday = weekStart(now);
    const kommuner = this.config.weekly.kommuner ?? (await this.kommunerWithFacts());
    const { rows } = await this.db.query<{ kommune: string }>('SELECT DISTINCT kommune FROM national_feed.snapshots WHERE as_of >= $1', [
      monday.toISOString(),
    ]);
    const covered = new Set(rows.map((row) => row.kommune));
    let created = 0;
    for (const kommune of kommuner) {
      if (this.stopped) break;
      if (covered.has(kommune)) continue;
      const published = await this.publisher.publish(kommune, 'weekly', { asOf: monday, occasion: monday.toISOString() });
      if (published.created) created += 1;
    }
    if (created > 0) this.logger.log(`published ${created} weekly kommune snapshots as of ${monday.toISOString()}`);
    return created;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.running = this.publishWeek().then(
          // The next Monday (a second after it, so that the week's start is at or before the clock).
          () => this.schedule(nextWeekStart(this.clock()).getTime() - this.clock().getTime() + 1_000),
          (error: unknown) => {
            this.logger.error(
              { err: error },
              'the weekly national snapshots failed; what was published stays, the rest is tried again in an hour',
            );
            this.schedule(3_600_000);
          },
        );
      },
      Math.min(Math.max(0, delayMs), LONGEST_TIMER_MS),
    );
    this.timer.unref();
  }

  /** Every kommune with a case in the read model: what this trust monitor serves when no list is configured. */
  private async kommunerWithFacts(): Promise<string[]> {
    const { rows } = await this.db.query<{ kommune: string }>(
      `SELECT DISTINCT kommune FROM (SELECT kommune FROM trust_monitor.cases UNION SELECT kommune FROM national_feed.closed_measurements) k
       ORDER BY kommune`,
    );
    return rows.map((row) => row.kommune);
  }
}
