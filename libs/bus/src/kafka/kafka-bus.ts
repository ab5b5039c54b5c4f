import { Kafka, logLevel, Partitioners, type Admin, type Producer, type SASLOptions } from 'kafkajs';
import { DEFAULT_DELIVERY, type BusErrorReporter, type DeliverySettings } from '../delivery/delivery-settings';
import type { ConsumeOptions, Consumer, IntegrationBus, MessageHandler, OutgoingMessage } from '../integration-bus.port';
import { checkConsumeOptions, checkOutgoing } from '../message-rules';
import { KafkaConsumerMember, MESSAGE_ID_HEADER } from './kafka-consumer';

export interface KafkaBusSettings {
  brokers: string[];
  /** The client id the brokers see (quotas, ACLs, logs): KAFKA_CLIENT_ID. */
  clientId: string;
  /** Partitions of a topic the adapter creates: KAFKA_TOPIC_PARTITIONS. */
  topicPartitions: number;
  /** Replicas of a topic the adapter creates: KAFKA_REPLICATION_FACTOR (1 on one broker, 3 in production). */
  replicationFactor: number;
  /** Whether the adapter creates a missing topic (KAFKA_CREATE_TOPICS); off when infra creates topics itself. */
  createTopics: boolean;
  /** retention.ms of a topic the adapter creates; 0 keeps messages for ever (-1). */
  retentionMs: number;
  ssl: boolean;
  sasl?: SASLOptions;
  delivery: DeliverySettings;
  /** How long `publish` waits for the brokers' acknowledgement (the producer retries meanwhile) before it rejects. */
  publishTimeoutMs: number;
  /** Request and connection timeout towards a broker. */
  requestTimeoutMs: number;
  onError: BusErrorReporter;
}

export const DEFAULT_KAFKA_SETTINGS: Omit<KafkaBusSettings, 'brokers'> = {
  clientId: 'tillidsbarometer',
  topicPartitions: 12,
  replicationFactor: 1,
  createTopics: true,
  retentionMs: 30 * 24 * 3_600_000,
  ssl: false,
  delivery: DEFAULT_DELIVERY,
  publishTimeoutMs: 60_000,
  requestTimeoutMs: 30_000,
  onError: () => undefined,
};

/**
 * Kafka with kafkajs, the production transport: one topic, messages keyed by the key (kommune code) so that the
 * default (Java-compatible murmur2) partitioner puts a key's messages in one partition in order; an idempotent
 * producer with acks from all in-sync replicas; one consumer group per group with manual offset commits after
 * the handler resolved (see `kafka-consumer.ts`).
 */
export class KafkaBus implements IntegrationBus {
  readonly kind = 'kafka' as const;
  private readonly consumers = new Set<KafkaConsumerMember>();
  private readonly topics = new Map<string, Promise<void>>();
  private closed = false;

  private constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly settings: KafkaBusSettings,
  ) {}

  static async connect(settings: Partial<KafkaBusSettings> & Pick<KafkaBusSettings, 'brokers'>): Promise<KafkaBus> {
    const full: KafkaBusSettings = { ...DEFAULT_KAFKA_SETTINGS, ...settings };
    const kafka = new Kafka({
      clientId: full.clientId,
      brokers: full.brokers,
      ssl: full.ssl,
      ...(full.sasl ? { sasl: full.sasl } : {}),
      connectionTimeout: full.requestTimeoutMs,
      requestTimeout: full.requestTimeoutMs,
      logLevel: logLevel.ERROR,
      // kafkajs logs to the console by default; its errors go to the product's logger instead.
      logCreator: () => (entry) => full.onError(new Error(entry.log.message), `kafkajs ${entry.namespace}`),
    });
    const producer = kafka.producer({
      idempotent: true, // retries never duplicate or reorder within a partition
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    return new KafkaBus(kafka, producer, admin, full);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    checkOutgoing(topic, messages);
    if (messages.length === 0) return;
    await this.ensureTopic(topic);
    await withTimeout(
      this.producer.send({
        topic,
        acks: -1,
        messages: messages.map((message) => ({
          key: message.key,
          value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
          headers: { ...message.headers, [MESSAGE_ID_HEADER]: message.id },
        })),
      }),
      this.settings.publishTimeoutMs,
      `Kafka did not acknowledge ${messages.length} messages on ${topic} within ${this.settings.publishTimeoutMs} ms`,
    );
  }

  async consume(topic: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer> {
    this.assertOpen();
    checkConsumeOptions(topic, options);
    await this.ensureTopic(topic);
    const member = new KafkaConsumerMember(this.kafka, topic, handler, options, this.settings, () => this.consumers.delete(member));
    this.consumers.add(member);
    await member.start();
    return member;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the Kafka bus is closed');
  }

  /** Creates the topic when missing (KAFKA_CREATE_TOPICS), once per topic and client; never alters an existing one. */
  private ensureTopic(topic: string): Promise<void> {
    if (!this.settings.createTopics) return Promise.resolve();
    let ensured = this.topics.get(topic);
    if (!ensured) {
      ensured = this.admin
        .createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic,
              numPartitions: this.settings.topicPartitions,
              replicationFactor: this.settings.replicationFactor,
              configEntries: [
                { name: 'retention.ms', value: this.settings.retentionMs === 0 ? '-1' : String(this.settings.retentionMs) },
                { name: 'cleanup.policy', value: 'delete' },
              ],
            },
          ],
        })
        .then(() => undefined)
        .catch((error: unknown) => {
          this.topics.delete(topic);
          throw error;
        });
      this.topics.set(topic, ensured);
    }
    return ensured;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
