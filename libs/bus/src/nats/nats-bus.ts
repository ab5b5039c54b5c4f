import {
  AckPolicy,
  connect,
  DeliverPolicy,
  DiscardPolicy,
  ErrorCode,
  headers as natsHeaders,
  nanos,
  NatsError,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import { DEFAULT_DELIVERY, type BusErrorReporter, type DeliverySettings } from '../delivery/delivery-settings';
import { retryDelayMs } from '../delivery/key-serial-dispatcher';
import type { ConsumeOptions, Consumer, IntegrationBus, MessageHandler, OutgoingMessage } from '../integration-bus.port';
import { checkConsumeOptions, checkOutgoing } from '../message-rules';
import { NatsConsumer } from './nats-consumer';

export interface NatsBusSettings {
  /** One URL or several (a cluster), as NATS_URL gives them (comma-separated there). */
  servers: string | string[];
  /** The connection's name, shown by the server's monitoring. */
  name: string;
  delivery: DeliverySettings;
  /** JetStream replicas of each topic's stream: 1 on one server, 3 in a production cluster. */
  streamReplicas: number;
  /** How long the stream remembers a message id to drop a repeat (`Nats-Msg-Id`); a publish retries within it. */
  duplicateWindowMs: number;
  /** How long the stream keeps messages (max_age), whether consumed or not; 0 keeps them for ever. */
  retentionMs: number;
  /** How long `publish` keeps trying a message the server does not acknowledge (a restart, a cut) before it rejects. */
  publishTimeoutMs: number;
  /** How long one request (a publish, an acknowledgement) waits for the server's answer. */
  requestTimeoutMs: number;
  onError: BusErrorReporter;
}

export const DEFAULT_NATS_SETTINGS: Omit<NatsBusSettings, 'servers'> = {
  name: 'tillidsbarometer',
  delivery: DEFAULT_DELIVERY,
  streamReplicas: 1,
  duplicateWindowMs: 120_000,
  retentionMs: 30 * 24 * 3_600_000,
  publishTimeoutMs: 60_000,
  requestTimeoutMs: 5_000,
  onError: () => undefined,
};

/** Keys whose messages one publish call sends side by side (each key's messages one after another). */
const PUBLISH_KEYS_IN_PARALLEL = 16;

/**
 * NATS JetStream: one stream per topic (named as the topic, subjects `<topic>.<key>`, file storage), a message's
 * id as `Nats-Msg-Id` so that the stream drops a repeat within its duplicate window, and one durable pull
 * consumer per group with explicit acknowledgement. See `nats-consumer.ts` for what a consumer guarantees.
 */
export class NatsBus implements IntegrationBus {
  readonly kind = 'nats' as const;
  private readonly consumers = new Set<NatsConsumer>();
  private readonly streams = new Map<string, Promise<void>>();
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly settings: NatsBusSettings,
  ) {}

  /** Connects (failing fast when no server answers now) and reconnects for ever after a loss. */
  static async connect(settings: Partial<NatsBusSettings> & Pick<NatsBusSettings, 'servers'>): Promise<NatsBus> {
    const full: NatsBusSettings = { ...DEFAULT_NATS_SETTINGS, ...settings };
    const nc = await connect({
      servers: full.servers,
      name: full.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: full.requestTimeoutMs,
    });
    const jsm = await nc.jetstreamManager({ timeout: full.requestTimeoutMs });
    return new NatsBus(nc, jsm, nc.jetstream({ timeout: full.requestTimeoutMs }), full);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    checkOutgoing(topic, messages);
    if (messages.length === 0) return;
    await this.ensureStream(topic);
    // Each key's messages one after another (an acknowledged one before the next: a retry can never overtake),
    // different keys side by side.
    const byKey = new Map<string, OutgoingMessage[]>();
    for (const message of messages) byKey.set(message.key, [...(byKey.get(message.key) ?? []), message]);
    const queues = [...byKey.values()];
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: Math.min(PUBLISH_KEYS_IN_PARALLEL, queues.length) }, async () => {
        for (let queue = queues.shift(); queue; queue = queues.shift()) {
          try {
            for (const message of queue) await this.publishOne(topic, message);
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    if (failures.length > 0) throw failures[0];
  }

  async consume(topic: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer> {
    this.assertOpen();
    checkConsumeOptions(topic, options);
    await this.ensureStream(topic);
    const ackTimeoutMs = options.ackTimeoutMs ?? this.settings.delivery.ackTimeoutMs;
    await this.ensureConsumer(topic, options.group, ackTimeoutMs);
    const consumer = new NatsConsumer(this.nc, this.js, this.jsm, topic, handler, { ...options, ackTimeoutMs }, this.settings, () =>
      this.consumers.delete(consumer),
    );
    this.consumers.add(consumer);
    await consumer.start();
    return consumer;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    // The account info request goes to JetStream itself: the connection is up and the server stores messages.
    await this.jsm.getAccountInfo();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await this.nc.drain().catch(() => this.nc.close());
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the NATS bus is closed');
  }

  /** Sends one message until the stream acknowledges it (a repeat after a lost answer is dropped by its id). */
  private async publishOne(topic: string, message: OutgoingMessage): Promise<void> {
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(message.headers ?? {})) headers.set(name, value);
    const deadline = Date.now() + this.settings.publishTimeoutMs;
    for (let failures = 1; ; failures += 1) {
      try {
        await this.js.publish(`${topic}.${message.key}`, message.value, {
          msgID: message.id,
          headers,
          timeout: this.settings.requestTimeoutMs,
          expect: { streamName: topic },
        });
        return;
      } catch (error) {
        if (error instanceof NatsError && error.code === ErrorCode.MaxPayloadExceeded) throw error;
        if (this.closed) throw error;
        if (Date.now() > deadline) {
          throw new Error(`NATS did not acknowledge message ${message.id} on ${topic} within ${this.settings.publishTimeoutMs} ms`, {
            cause: error,
          });
        }
        this.settings.onError(
          error,
          `bus ${topic}: NATS did not acknowledge message ${message.id} (attempt ${failures}); sending it again`,
        );
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(failures, { firstMs: 100, maxMs: 2_000 })));
      }
    }
  }

  /** Creates the topic's stream, or brings its settings in line; once per topic and client. */
  private ensureStream(topic: string): Promise<void> {
    let ensured = this.streams.get(topic);
    if (!ensured) {
      ensured = this.createOrUpdateStream(topic).catch((error: unknown) => {
        this.streams.delete(topic);
        throw error;
      });
      this.streams.set(topic, ensured);
    }
    return ensured;
  }

  private async createOrUpdateStream(topic: string): Promise<void> {
    const wanted: Partial<StreamConfig> = {
      name: topic,
      subjects: [`${topic}.*`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(this.settings.retentionMs),
      duplicate_window: nanos(this.settings.duplicateWindowMs),
      num_replicas: this.settings.streamReplicas,
    };
    const existing = await this.jsm.streams.info(topic).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (!existing) {
      try {
        await this.jsm.streams.add(wanted);
        return;
      } catch (error) {
        // Another client created it meanwhile: fall through and compare.
        if (!(await this.jsm.streams.info(topic).catch(() => undefined))) throw error;
      }
    }
    const current = existing ?? (await this.jsm.streams.info(topic));
    const { config } = current;
    if (
      config.max_age !== wanted.max_age ||
      config.duplicate_window !== wanted.duplicate_window ||
      config.num_replicas !== wanted.num_replicas ||
      config.subjects.join() !== wanted.subjects!.join()
    ) {
      await this.jsm.streams.update(topic, { ...config, ...wanted });
    }
  }

  private async ensureConsumer(topic: string, group: string, ackTimeoutMs: number): Promise<void> {
    const ackWait = nanos(ackTimeoutMs);
    const maxAckPending = this.settings.delivery.maxInFlight;
    const existing = await this.jsm.consumers.info(topic, group).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (!existing) {
      await this.jsm.consumers.add(topic, {
        durable_name: group,
        ack_policy: AckPolicy.Explicit,
        ack_wait: ackWait,
        max_ack_pending: maxAckPending,
        max_deliver: -1,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
        filter_subject: `${topic}.*`,
      });
      return;
    }
    if (existing.config.ack_wait !== ackWait || existing.config.max_ack_pending !== maxAckPending) {
      await this.jsm.consumers.update(topic, group, { ack_wait: ackWait, max_ack_pending: maxAckPending });
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && (error.api_error?.err_code === 10059 || error.api_error?.err_code === 10014 || error.code === '404');
}
