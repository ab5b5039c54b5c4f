import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INTEGRATION_BUS, type IntegrationBus } from '@tillidsbarometer/bus';
import type { SnapshotReason } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { NATIONAL_FEED_CONFIG, type NationalFeedConfig } from '../national-feed.config';
import { NATIONAL_FEED_CHANNEL } from '../national-feed.schema';
import { SnapshotRelay } from '../outbox/snapshot-relay';
import { SnapshotPublisher } from './snapshot-publisher';

/**
 * Makes the snapshots the store's subscription asked for (a measurement closed): each is computed and put in the
 * outbox in the same transaction that deletes its request, so a crash leaves either the request or the snapshot.
 * Two instances may both work on a request: the occasion's unique index keeps one snapshot. Any snapshot of the
 * kommune computed after a request (weekly, on demand, the demo's) answers it too: `computeAndStore` deletes the
 * kommune's requests it covers.
 *
 * Requests wait for a quiet moment (`NATIONAL_FEED_REQUEST_QUIET_MS`: no new request and no snapshot computed for that
 * long), so that a burst of closes (the demo closes a measurement in each of 98 kommuner, then publishes every kommune)
 * is not computed twice.
 */
@Injectable()
export class RequestedPublications implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RequestedPublications.name);
  private stopped = false;
  private running: Promise<void> | undefined;
  private interruptPause: () => void = () => undefined;
  private woken = false;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(NATIONAL_FEED_CONFIG) private readonly config: NationalFeedConfig,
    private readonly publisher: SnapshotPublisher,
    private readonly relay: SnapshotRelay,
    @Optional() @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.bus) this.running = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.running;
  }

  /**
   * Makes every requested snapshot, once the feed has been quiet for the configured time (at once with `now`: tests);
   * returns how many, or the milliseconds to wait when it is not quiet yet (as a negative number).
   */
  async drain(options: { now?: boolean } = {}): Promise<number> {
    if (!options.now) {
      const { rows } = await this.db.query<{ last: Date | null }>(
        `SELECT greatest((SELECT max(requested_at) FROM national_feed.requested_publications),
                         (SELECT max(computed_at) FROM national_feed.snapshots)) AS last`,
      );
      const wait = rows[0]?.last ? rows[0].last.getTime() + this.config.requestQuietMs - Date.now() : 0;
      if (wait > 0) return -wait;
    }
    let made = 0;
    for (;;) {
      const { rows } = await this.db.query<{ kommune: string; reason: SnapshotReason; occasion: string }>(
        'SELECT kommune, reason, occasion FROM national_feed.requested_publications ORDER BY requested_at, kommune, occasion LIMIT 10',
      );
      if (rows.length === 0 || this.stopped) return made;
      for (const { kommune, reason, occasion } of rows) {
        await this.publisher.inTransaction(async (tx) => {
          await this.publisher.computeAndStore(tx, kommune, reason, { occasion });
          await tx.query('DELETE FROM national_feed.requested_publications WHERE kommune = $1 AND reason = $2 AND occasion = $3', [
            kommune,
            reason,
            occasion,
          ]);
        });
        made += 1;
      }
      this.relay.wake();
    }
  }

  private async run(): Promise<void> {
    const unlisten = await this.db
      .listen(NATIONAL_FEED_CHANNEL, () => {
        this.woken = true;
        this.interruptPause();
      })
      .catch(() => undefined);
    let failures = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        const result = await this.drain();
        failures = 0;
        if (result < 0) await this.pause(Math.min(-result + 10, this.config.requestQuietMs));
        else if (!this.woken) await this.pause(this.config.relay.pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.logger.error({ err: error }, 'a requested national snapshot could not be made; the request stays and is tried again');
        await this.pause(Math.min(this.config.relay.maxBackoffMs, 500 * 2 ** Math.min(failures - 1, 10)));
      }
    }
    await unlisten?.().catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interruptPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
