import { tryTakeLease, type Database, type DatabaseSession, type SessionLease } from '@tillidsbarometer/event-store';
import { ContiguousWatermark } from '../delivery/contiguous-watermark';
import { KeySerialDispatcher } from '../delivery/key-serial-dispatcher';
import type { ConsumeOptions, Consumer, IncomingMessage, MessageHandler } from '../integration-bus.port';
import type { InProcessBusSettings } from './in-process-bus';
import { PUBLISHED_CHANNEL, publishedEvents } from './published-channel';

/** How often a consumer deletes what every group has passed and retention no longer keeps. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

interface LogPosition {
  transactionId: string;
  position: number;
}

interface LoggedMessage {
  key: string;
  position: number;
  logPosition: LogPosition;
  id: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

type LogRow = [
  position: number,
  transactionId: string,
  key: string,
  messageId: string,
  value: Uint8Array,
  headers: string,
  acknowledged: boolean,
];

export class InProcessConsumer implements Consumer {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeUp: () => void = () => undefined;
  private woken = false;
  private dispatcher: KeySerialDispatcher<LoggedMessage> | undefined;
  private lastPrune = 0;
  private readonly group: string;
  private readonly leaseName: string;

  constructor(
    private readonly db: Database,
    private readonly topic: string,
    private readonly handler: MessageHandler,
    private readonly options: ConsumeOptions,
    private readonly settings: InProcessBusSettings,
    private readonly onStopped: () => void,
  ) {
    this.group = options.group;
    this.leaseName = `${topic}/${options.group}`;
  }

  start(): void {
    this.running = this.run().finally(this.onStopped);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.dispatcher?.stop();
    await this.running;
  }

  private wake = (): void => {
    this.woken = true;
    this.wakeUp();
  };

  private async run(): Promise<void> {
    let failures = 0;
    const published = publishedEvents(this.db);
    const onPublished = (topic: string) => topic === this.topic && this.wake();
    published.on(this.topic, this.wake);
    let unlisten: (() => Promise<void>) | undefined;
    try {
      unlisten = await this.db.listen(PUBLISHED_CHANNEL, onPublished);
    } catch (error) {
      this.settings.onError(error, `bus ${this.leaseName}: LISTEN failed; polling every ${this.settings.pollIntervalMs} ms instead`);
    }
    try {
      while (!this.stopped) {
        let lease: SessionLease | undefined;
        try {
          lease = await tryTakeLease(this.db, `bus:${this.leaseName}`);
          if (!lease) {
            await this.pause(this.settings.leaseRetryMs);
            continue;
          }
          await this.follow(lease.session);
          failures = 0;
        } catch (error) {
          failures += 1;
          this.settings.onError(error, `bus ${this.leaseName}: consuming failed; starting again from the group's position`);
          await this.pause(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
        } finally {
          await lease?.release();
        }
      }
    } finally {
      published.off(this.topic, this.wake);
      await unlisten?.().catch(() => undefined);
    }
  }

  /** Reads the log from the group's position and hands messages to the dispatcher until stopped or the lease is lost. */
  private async follow(session: DatabaseSession): Promise<void> {
    let lost = false;
    void session.lost.then(() => {
      lost = true;
      this.wake();
      void this.dispatcher?.stop();
    });
    const { delivery } = this.settings;
    let cursor = await this.loadGroupPosition();
    const watermark = new ContiguousWatermark<LogPosition>();
    const dispatcher = new KeySerialDispatcher<LoggedMessage>({
      handle: (message, attempt) => this.handler(this.incoming(message, attempt)),
      acknowledge: (message) => this.acknowledge(message, watermark),
      onHandlerError: (error, message, attempt) => this.options.onError?.(error, this.incoming(message, attempt)),
      onAcknowledgeError: (error) => this.settings.onError(error, `bus ${this.leaseName}: acknowledging failed; trying again`),
      maxConcurrentKeys: delivery.maxConcurrentKeys,
      retryDelay: delivery.retryDelay,
    });
    this.dispatcher = dispatcher;
    if (this.stopped) await dispatcher.stop();
    try {
      while (!this.stopped && !lost) {
        await dispatcher.belowLimit(delivery.maxInFlight);
        if (this.stopped || lost) break;
        this.woken = false;
        const limit = Math.min(this.settings.batchSize, delivery.maxInFlight - dispatcher.size);
        const rows = await session.queryRows<LogRow>(
          `SELECT m.position, m.transaction_id::text, m.key, m.message_id, m.value, m.headers::text,
                  EXISTS (SELECT 1 FROM bus.acknowledgements a
                          WHERE a.topic = m.topic AND a.group_name = $2 AND a.position = m.position)
             FROM bus.messages m
            WHERE m.topic = $1
              AND (m.transaction_id, m.position) > ($3::text::xid8, $4::bigint)
              AND m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY m.transaction_id, m.position
            LIMIT $5`,
          [this.topic, this.group, cursor.transactionId, cursor.position, limit],
        );
        let acknowledgedBefore = false;
        for (const [position, transactionId, key, id, value, headers, acknowledged] of rows) {
          const logPosition = { transactionId, position };
          watermark.add(String(position), logPosition, acknowledged);
          cursor = logPosition;
          if (acknowledged) acknowledgedBefore = true;
          else dispatcher.enqueue({ key, position, logPosition, id, value, headers: JSON.parse(headers) as Record<string, string> });
        }
        if (acknowledgedBefore) await this.moveGroupPosition(watermark);
        if (rows.length === 0) await this.pause(this.settings.pollIntervalMs);
      }
    } finally {
      await dispatcher.stop();
    }
  }

  private incoming(message: LoggedMessage, attempt: number): IncomingMessage {
    return {
      topic: this.topic,
      key: message.key,
      id: message.id,
      value: message.value,
      headers: { ...message.headers },
      deliveryAttempt: attempt,
    };
  }

  private async acknowledge(message: LoggedMessage, watermark: ContiguousWatermark<LogPosition>): Promise<void> {
    watermark.complete(String(message.position));
    const advanced = watermark.advance();
    await this.db.transaction(async (tx) => {
      if (!advanced?.passed.includes(String(message.position))) {
        await tx.query('INSERT INTO bus.acknowledgements (topic, group_name, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          this.topic,
          this.group,
          message.position,
        ]);
      }
      if (advanced) await moveGroupPositionTo(tx, this.topic, this.group, advanced.position);
    });
    if (advanced) await this.pruneNow();
  }

  private async moveGroupPosition(watermark: ContiguousWatermark<LogPosition>): Promise<void> {
    const advanced = watermark.advance();
    if (advanced) await this.db.transaction((tx) => moveGroupPositionTo(tx, this.topic, this.group, advanced.position));
  }

  private async loadGroupPosition(): Promise<LogPosition> {
    const { rows } = await this.db.query<{ transaction_id: string; position: number }>(
      'SELECT transaction_id::text AS transaction_id, position FROM bus.consumer_groups WHERE topic = $1 AND group_name = $2',
      [this.topic, this.group],
    );
    return { transactionId: rows[0]?.transaction_id ?? '0', position: rows[0]?.position ?? 0 };
  }

  /** Deletes, at most every ten minutes, the messages every group has passed once retention no longer keeps them. */
  private async pruneNow(): Promise<void> {
    if (this.settings.retentionMs === 0 || Date.now() - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = Date.now();
    await this.db
      .query(
        `DELETE FROM bus.messages m
          WHERE m.topic = $1 AND m.published_at < now() - make_interval(secs => $2::double precision / 1000)
            AND NOT EXISTS (SELECT 1 FROM bus.consumer_groups g
                             WHERE g.topic = m.topic AND (m.transaction_id, m.position) > (g.transaction_id, g.position))`,
        [this.topic, this.settings.retentionMs],
      )
      .catch((error: unknown) => this.settings.onError(error, `bus ${this.topic}: pruning old messages failed`));
  }

  /** Waits `ms`, or less when a message is published, the consumer stops or its session is lost. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = () => undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }
}

/** Everything up to `position` is acknowledged: move the group there (never back) and drop the rows it passed. */
async function moveGroupPositionTo(tx: { query: Database['query'] }, topic: string, group: string, position: LogPosition): Promise<void> {
  await tx.query(
    `UPDATE bus.consumer_groups SET transaction_id = $3::text::xid8, position = $4, updated_at = now()
      WHERE topic = $1 AND group_name = $2 AND (transaction_id, position) < ($3::text::xid8, $4::bigint)`,
    [topic, group, position.transactionId, position.position],
  );
  await tx.query(
    `DELETE FROM bus.acknowledgements a USING bus.messages m
      WHERE a.topic = $1 AND a.group_name = $2 AND m.position = a.position
        AND (m.transaction_id, m.position) <= ($3::text::xid8, $4::bigint)`,
    [topic, group, position.transactionId, position.position],
  );
}
