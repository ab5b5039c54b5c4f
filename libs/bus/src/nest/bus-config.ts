import type { SASLOptions } from 'kafkajs';
import { ConfigurationError } from '@tillidsbarometer/runtime';
import type { DeliverySettings } from '../delivery/delivery-settings';

export type BusTransport = 'kafka' | 'nats' | 'in-process';

/** The bus's settings, read from the environment by `loadBusConfig` (defaults in docs/drafts/issue-7-bus.md). */
export interface BusConfig {
  /** KAFKA_BROKERS set: Kafka; else NATS_URL set: NATS; else the in-process log in the product's database. */
  transport: BusTransport;
  delivery: DeliverySettings;
  retentionMs: number;
  publishTimeoutMs: number;
  inProcess: { pollIntervalMs: number };
  nats: { servers: string[]; name: string; streamReplicas: number; duplicateWindowMs: number };
  kafka: {
    brokers: string[];
    clientId: string;
    topicPartitions: number;
    replicationFactor: number;
    createTopics: boolean;
    ssl: boolean;
    sasl?: SASLOptions;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the bus's settings from `RuntimeConfig.env`; a value that makes no sense is refused naming the variable. */
export function loadBusConfig(env: Env): BusConfig {
  const value = (name: string) => (env[name] === undefined || env[name]?.trim() === '' ? undefined : env[name]!.trim());
  const whole = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
      throw new ConfigurationError(`${name} must be a whole number from ${min} to ${max}, got ${raw}`);
    }
    return parsed;
  };
  const onOff = (name: string, fallback: boolean) => {
    const raw = value(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw !== 'on' && raw !== 'off') throw new ConfigurationError(`${name} must be on or off, got ${raw}`);
    return raw === 'on';
  };
  const list = (name: string) =>
    value(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean) ?? [];

  const brokers = list('KAFKA_BROKERS');
  const natsServers = list('NATS_URL');
  for (const server of natsServers) {
    if (!/^(nats|tls|ws|wss):\/\/|^[^:/]+:\d+$/.test(server)) {
      throw new ConfigurationError(`NATS_URL must be nats://host:port (several separated by commas), got ${server}`);
    }
  }
  for (const broker of brokers) {
    if (!/^[^:/\s]+:\d+$/.test(broker))
      throw new ConfigurationError(`KAFKA_BROKERS must be host:port (several separated by commas), got ${broker}`);
  }

  const publishTimeoutMs = whole('BUS_PUBLISH_TIMEOUT_MS', 60_000, 1_000);
  const duplicateWindowMs = whole('NATS_DUPLICATE_WINDOW_MS', 120_000, 1_000);
  if (duplicateWindowMs < publishTimeoutMs) {
    // A publish retried after the window closed would be stored twice.
    throw new ConfigurationError(
      'NATS_DUPLICATE_WINDOW_MS must be at least BUS_PUBLISH_TIMEOUT_MS, so that a retried publish is dropped as a repeat',
    );
  }
  const retryMaxDelayMs = whole('BUS_RETRY_MAX_DELAY_MS', 30_000, 100);

  return {
    transport: brokers.length > 0 ? 'kafka' : natsServers.length > 0 ? 'nats' : 'in-process',
    delivery: {
      ackTimeoutMs: whole('BUS_ACK_TIMEOUT_MS', 30_000, 1_000),
      maxInFlight: whole('BUS_MAX_IN_FLIGHT', 1_000, 1),
      maxConcurrentKeys: whole('BUS_MAX_CONCURRENT_KEYS', 16, 1),
      retryDelay: { firstMs: Math.min(100, retryMaxDelayMs), maxMs: retryMaxDelayMs },
    },
    // 0: kept for ever (Kafka retention.ms -1, NATS max_age 0, the in-process log never pruned).
    retentionMs: whole('BUS_RETENTION_DAYS', 30, 0, 3_650) * 24 * 3_600_000,
    publishTimeoutMs,
    inProcess: { pollIntervalMs: whole('BUS_POLL_INTERVAL_MS', 1_000, 10) },
    nats: {
      servers: natsServers,
      name: value('NATS_CLIENT_NAME') ?? 'tillidsbarometer',
      streamReplicas: whole('NATS_STREAM_REPLICAS', 1, 1, 5),
      duplicateWindowMs,
    },
    kafka: {
      brokers,
      clientId: value('KAFKA_CLIENT_ID') ?? 'tillidsbarometer',
      topicPartitions: whole('KAFKA_TOPIC_PARTITIONS', 12, 1, 10_000),
      replicationFactor: whole('KAFKA_REPLICATION_FACTOR', 1, 1, 10),
      createTopics: onOff('KAFKA_CREATE_TOPICS', true),
      ssl: onOff('KAFKA_SSL', false),
      sasl: kafkaSasl(value),
    },
  };
}

function kafkaSasl(value: (name: string) => string | undefined): SASLOptions | undefined {
  const mechanism = value('KAFKA_SASL_MECHANISM')?.toLowerCase();
  if (mechanism === undefined) return undefined;
  const username = value('KAFKA_SASL_USERNAME');
  const password = value('KAFKA_SASL_PASSWORD');
  if (!username || !password) throw new ConfigurationError('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  if (mechanism === 'plain') return { mechanism, username, password };
  if (mechanism === 'scram-sha-256') return { mechanism, username, password };
  if (mechanism === 'scram-sha-512') return { mechanism, username, password };
  throw new ConfigurationError(`KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512, got ${mechanism}`);
}
