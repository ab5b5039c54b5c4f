/**
 * The integration bus between services (ARCHITECTURE.md, "The national feed"): kommune snapshots go from each
 * kommune's trust monitor to the national service. Three adapters implement it: Kafka (kafkajs, production),
 * NATS JetStream (runs on the development machines) and in-process (the embedded default). All pass one
 * conformance suite: ordering per key, redelivery after a consumer crash, no loss while the consumer is down.
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
  /** 1 on the first delivery; more when the bus delivers it again (at-least-once). */
  deliveryAttempt: number;
}

/**
 * The consumer's handler: the message counts as handled (acknowledged) when the promise resolves; a rejection,
 * or a crash before it resolves, means the bus delivers it again. Handlers must therefore be idempotent.
 */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

export interface ConsumeOptions {
  /** The consumer group: every group sees every message once (at least); members of a group share the work. */
  group: string;
  /** How long a delivered message may stay unacknowledged before the bus delivers it again. */
  ackTimeoutMs?: number;
  onError?: (error: unknown, message: IncomingMessage) => void;
}

export interface Consumer {
  stop(): Promise<void>;
}

export interface IntegrationBus {
  /** Which transport is behind the port, for logs and health. */
  readonly kind: 'kafka' | 'nats' | 'in-process';
  /** Resolves once the bus has durably accepted every message (in the order given, per key). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  consume(topic: string, handler: MessageHandler, options: ConsumeOptions): Promise<Consumer>;
  close(): Promise<void>;
}

/** The one topic the national feed uses, keyed by kommune code (CONTRACT.md section 8). */
export const KOMMUNE_SNAPSHOTS_TOPIC = 'kommune-snapshots';
