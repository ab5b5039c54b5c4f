/**
 * The integration bus between services (ARCHITECTURE.md, "The national feed"): kommune snapshots go from each
 * kommune's trust monitor to the national service. Three adapters implement it: Kafka (kafkajs, production),
 * NATS JetStream (runs on the development machines) and in-process (the embedded default). All pass one
 * conformance suite: ordering per key, redelivery after a consumer crash, no loss while the consumer is down.
 *
 * Names the transports must be able to carry (`message-rules.ts` checks them and throws `InvalidMessageError`):
 * topics, groups and keys are 1-100 characters of `A-Z a-z 0-9 _ -` (a NATS subject token, a Kafka topic and
 * a stream name all accept them); ids are 1-200 printable ASCII characters.
 */
export interface OutgoingMessage {
  /** The partitioning key: messages with the same key are delivered in the order they were published (the kommune code). */
  key: string;
  /** A unique id chosen by the publisher (the snapshot id): consumers deduplicate by it. */
  id: string;
  value: Uint8Array;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  key: string;
  id: string;
  value: Uint8Array;
  headers: Record<string, string>;
  /**
   * 1 on the first delivery; more when the bus delivers it again (at-least-once). Every adapter counts the
   * retries of a failed handler; only NATS also counts deliveries to an earlier consumer that crashed.
   */
  deliveryAttempt: number;
}

/**
 * The consumer's handler: the message counts as handled (acknowledged) when the promise resolves; a rejection,
 * or a crash before it resolves, means the bus delivers it again. Handlers must therefore be idempotent.
 * A rejected message is retried (with a growing pause, up to 30 s) until it succeeds, and the messages behind
 * it with the same key wait: a message that can never be handled must be parked by the handler, which then
 * resolves (the national consumer does this with malformed snapshots).
 */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface ConsumeOptions {
  /** The consumer group: every group sees every message once (at least); members of a group share the work. */
  group: string;
  /** How long a delivered message may stay unacknowledged before the bus delivers it again. */
  ackTimeoutMs?: number;
  /** Called each time the handler rejects (the message is then tried again). */
  onError?: (error: unknown, message: IncomingMessage) => void;
}

export interface Consumer {
  /**
   * Stops taking messages, waits for the handlers already running (a message whose handler resolves is
   * acknowledged), and leaves everything else unacknowledged for the group's next consumer.
   */
  stop(): Promise<void>;
}

export interface IntegrationBus {
  /** Which transport is behind the port, for logs and health. */
  readonly kind: 'kafka' | 'nats' | 'in-process';
  /** Resolves once the bus has durably accepted every message (in the order given, per key). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /**
   * Starts a consumer of the group and resolves once it is registered: from then on nothing published is
   * lost to the group. A group that is new starts at the oldest message the transport still keeps.
   */
  consume(topic: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer>;
  /** Resolves when the transport answers, rejects with the reason when it does not (readiness). */
  ping(): Promise<void>;
  /** Stops every consumer started here (as `Consumer.stop`) and disconnects; never closes a database it was given. */
  close(): Promise<void>;
}

/** The one topic the national feed uses, keyed by kommune code (CONTRACT.md section 8). */
export const KOMMUNE_SNAPSHOTS_TOPIC = 'kommune-snapshots';
