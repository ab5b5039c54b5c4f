import { migrate, type Database } from '@tillidsbarometer/event-store';
import { DEFAULT_DELIVERY, type BusErrorReporter, type DeliverySettings } from '../delivery/delivery-settings';
import type { ConsumeOptions, Consumer, IntegrationBus, MessageHandler, OutgoingMessage } from '../integration-bus.port';
import { checkConsumeOptions, checkOutgoing } from '../message-rules';
import { InProcessConsumer } from './in-process-consumer';
import { PUBLISHED_CHANNEL, publishedEvents } from './published-channel';
import { busMigrations } from './schema/migrations';

export interface InProcessBusSettings {
  delivery: DeliverySettings;
  /** How often an idle consumer looks for messages when no notification came (another process published). */
  pollIntervalMs: number;
  /** How often a consumer waiting for its group's lease tries again. */
  leaseRetryMs: number;
  /** Messages read per query. */
  batchSize: number;
  /** Messages every group has passed are deleted once they are this old; 0 keeps them for ever. */
  retentionMs: number;
  onError: BusErrorReporter;
}

export const DEFAULT_IN_PROCESS_SETTINGS: InProcessBusSettings = {
  delivery: DEFAULT_DELIVERY,
  pollIntervalMs: 1_000,
  leaseRetryMs: 1_000,
  batchSize: 200,
  retentionMs: 30 * 24 * 3_600_000,
  onError: () => undefined,
};

/**
 * The embedded bus: a durable log in the product's own database (PGlite embedded, or PostgreSQL), so that the
 * embedded product needs no broker and still loses nothing acknowledged. A publish commits before it
 * resolves; each group keeps its position in the same database, so a consumer that was down, or crashed before
 * acknowledging, gets everything after its restart. One consumer per group runs at a time (a lease, as the
 * event store's subscriptions have); on PostgreSQL a consumer in another process takes over when it dies.
 */
export class InProcessBus implements IntegrationBus {
  readonly kind = 'in-process' as const;
  private readonly consumers = new Set<InProcessConsumer>();
  private closed = false;

  private constructor(
    private readonly db: Database,
    private readonly settings: InProcessBusSettings,
  ) {}

  /** Migrates the `bus` component of the database; the database stays the caller's to close. */
  static async open(db: Database, settings: Partial<InProcessBusSettings> = {}): Promise<InProcessBus> {
    await migrate(db, 'bus', busMigrations);
    return new InProcessBus(db, { ...DEFAULT_IN_PROCESS_SETTINGS, ...settings });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    checkOutgoing(topic, messages);
    if (messages.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const message of messages) {
        await tx.query(
          `INSERT INTO bus.messages (topic, key, message_id, value, headers) VALUES ($1, $2, $3, $4, $5::text::json)
           ON CONFLICT (topic, message_id) DO NOTHING`,
          [topic, message.key, message.id, toBuffer(message.value), JSON.stringify(message.headers ?? {})],
        );
      }
      await tx.query('SELECT pg_notify($1, $2)', [PUBLISHED_CHANNEL, topic]);
    });
    publishedEvents(this.db).emit(topic);
  }

  async consume(topic: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer> {
    this.assertOpen();
    checkConsumeOptions(topic, options);
    await this.db.query('INSERT INTO bus.consumer_groups (topic, group_name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      topic,
      options.group,
    ]);
    const consumer = new InProcessConsumer(this.db, topic, handler, options, this.settings, () => this.consumers.delete(consumer));
    this.consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.db.query('SELECT 1 FROM bus.consumer_groups LIMIT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-process bus is closed');
  }
}

function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
