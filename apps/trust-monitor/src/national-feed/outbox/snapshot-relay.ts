import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INTEGRATION_BUS, KOMMUNE_SNAPSHOTS_TOPIC, type IntegrationBus, type OutgoingMessage } from '@tillidsbarometer/bus';
import { KOMMUNE_SNAPSHOT_SCHEMA, KOMMUNE_SNAPSHOT_VERSION } from '@tillidsbarometer/domain';
import { DATABASE, tryTakeLease, type Database, type SessionLease, type SqlClient } from '@tillidsbarometer/event-store';
import { NATIONAL_FEED_CONFIG, type NationalFeedConfig } from '../national-feed.config';
import { NATIONAL_FEED_CHANNEL } from '../national-feed.schema';

/** The relay's lease: one instance relays at a time. */
const LEASE_NAME = 'national-feed:relay';

interface OutboxRow {
  seq: number;
  snapshot_id: string;
  kommune: string;
  payload: string;
}

/**
 * Sends the outbox to the bus: the unsent snapshots in the order they were computed (so per kommune in order), each
 * keyed by its kommune code with its snapshot id as the message id, and marks them sent once `publish` has resolved,
 * i.e. once the bus has durably accepted them. A crash (or a failed marking) after the bus accepted a batch sends it
 * again on the next turn: at least once, with the same ids, which the national store deduplicates. One instance
 * relays at a time (a lease), so the order per kommune holds across instances too.
 */
@Injectable()
export class SnapshotRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotRelay.name);
  private stopped = true;
  private running: Promise<void> | undefined;
  private interruptPause: () => void = () => undefined;
  private woken = false;
  private readonly settings: NationalFeedConfig['relay'];

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    // Optional: the trust monitor also runs without a bus (its own API, the outbox filling); nothing is then sent.
    @Optional() @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus | null,
    @Inject(NATIONAL_FEED_CONFIG) config: NationalFeedConfig,
  ) {
    this.settings = config.relay;
  }

  onApplicationBootstrap(): void {
    if (!this.bus) this.logger.warn('no integration bus is configured: kommune snapshots stay in the outbox until one is');
    else if (this.settings.enabled) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.running;
    this.running = undefined;
  }

  /** A snapshot was put in the outbox in this process: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.interruptPause();
  }

  /**
   * Sends every unsent snapshot now, on the caller's connection, without the lease: for tests and tools that run no
   * relay loop. Returns how many were sent.
   */
  async relayPending(client: SqlClient = this.db): Promise<number> {
    let total = 0;
    for (let sent = await this.relayBatch(client); sent > 0; sent = await this.relayBatch(client)) total += sent;
    return total;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let lease: SessionLease | undefined;
      let unlisten: (() => Promise<void>) | undefined;
      try {
        lease = await tryTakeLease(this.db, LEASE_NAME);
        if (!lease) {
          await this.pause(this.settings.pollIntervalMs);
          continue;
        }
        const session = lease.session;
        unlisten = await this.db.listen(NATIONAL_FEED_CHANNEL, () => this.wake());
        let lost = false;
        void session.lost.then(() => {
          lost = true;
          this.interruptPause();
        });
        while (!this.stopped && !lost) {
          this.woken = false;
          const sent = await this.relayBatch(session);
          failures = 0;
          if (sent === 0 && !this.woken) await this.pause(this.settings.pollIntervalMs);
        }
      } catch (error) {
        failures += 1;
        this.logger.warn(
          { err: error },
          `the national feed relay could not send the outbox (attempt ${failures}); the snapshots stay in the outbox and are sent again`,
        );
        await this.pause(Math.min(this.settings.maxBackoffMs, 500 * 2 ** Math.min(failures - 1, 10)));
      } finally {
        await unlisten?.().catch(() => undefined);
        await lease?.release();
      }
    }
  }

  private async relayBatch(client: SqlClient): Promise<number> {
    const { rows } = await client.query<OutboxRow>(
      `SELECT seq, snapshot_id, kommune, payload FROM national_feed.snapshots WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [this.settings.batchSize],
    );
    if (rows.length === 0) return 0;
    if (!this.bus) throw new Error('no integration bus is configured');
    const messages: OutgoingMessage[] = rows.map((row) => ({
      key: row.kommune,
      id: row.snapshot_id,
      value: Buffer.from(row.payload, 'utf8'),
      headers: { 'content-type': 'application/json', schema: KOMMUNE_SNAPSHOT_SCHEMA, version: String(KOMMUNE_SNAPSHOT_VERSION) },
    }));
    await this.bus.publish(KOMMUNE_SNAPSHOTS_TOPIC, messages);
    await client.query('UPDATE national_feed.snapshots SET published_at = now() WHERE seq = ANY($1::bigint[])', [
      rows.map((row) => row.seq),
    ]);
    this.logger.debug(`sent ${rows.length} kommune snapshots to the bus (${this.bus.kind})`);
    return rows.length;
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
