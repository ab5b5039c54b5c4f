import { ConfigurationError } from '@tillidsbarometer/runtime';
import { loadBusConfig } from './bus-config';

describe('loadBusConfig', () => {
  it('chooses Kafka when KAFKA_BROKERS is set, else NATS when NATS_URL is set, else in-process', () => {
    expect(loadBusConfig({}).transport).toBe('in-process');
    expect(loadBusConfig({ NATS_URL: 'nats://127.0.0.1:4222' }).transport).toBe('nats');
    expect(loadBusConfig({ NATS_URL: 'nats://127.0.0.1:4222', KAFKA_BROKERS: 'kafka:9092' }).transport).toBe('kafka');
    expect(loadBusConfig({ NATS_URL: '', KAFKA_BROKERS: ' ' }).transport).toBe('in-process');
  });

  it('has the documented defaults', () => {
    const config = loadBusConfig({ KAFKA_BROKERS: 'a:9092, b:9092', NATS_URL: 'nats://n1:4222,nats://n2:4222' });
    expect(config).toEqual({
      transport: 'kafka',
      delivery: { ackTimeoutMs: 30_000, maxInFlight: 1_000, maxConcurrentKeys: 16, retryDelay: { firstMs: 100, maxMs: 30_000 } },
      retentionMs: 30 * 86_400_000,
      publishTimeoutMs: 60_000,
      inProcess: { pollIntervalMs: 1_000 },
      nats: { servers: ['nats://n1:4222', 'nats://n2:4222'], name: 'tillidsbarometer', streamReplicas: 1, duplicateWindowMs: 120_000 },
      kafka: {
        brokers: ['a:9092', 'b:9092'],
        clientId: 'tillidsbarometer',
        topicPartitions: 12,
        replicationFactor: 1,
        createTopics: true,
        ssl: false,
        sasl: undefined,
      },
    });
  });

  it('reads every setting', () => {
    const config = loadBusConfig({
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_CLIENT_ID: 'national',
      KAFKA_TOPIC_PARTITIONS: '24',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_CREATE_TOPICS: 'off',
      KAFKA_SSL: 'on',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'user',
      KAFKA_SASL_PASSWORD: 'secret',
      BUS_ACK_TIMEOUT_MS: '10000',
      BUS_MAX_IN_FLIGHT: '50',
      BUS_MAX_CONCURRENT_KEYS: '4',
      BUS_RETRY_MAX_DELAY_MS: '5000',
      BUS_RETENTION_DAYS: '7',
      BUS_PUBLISH_TIMEOUT_MS: '20000',
      BUS_POLL_INTERVAL_MS: '250',
      NATS_STREAM_REPLICAS: '3',
      NATS_DUPLICATE_WINDOW_MS: '20000',
      NATS_CLIENT_NAME: 'kommune-101',
    });
    expect(config.kafka).toEqual({
      brokers: ['kafka:9092'],
      clientId: 'national',
      topicPartitions: 24,
      replicationFactor: 3,
      createTopics: false,
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'user', password: 'secret' },
    });
    expect(config.delivery).toEqual({
      ackTimeoutMs: 10_000,
      maxInFlight: 50,
      maxConcurrentKeys: 4,
      retryDelay: { firstMs: 100, maxMs: 5_000 },
    });
    expect(config.retentionMs).toBe(7 * 86_400_000);
    expect(loadBusConfig({ BUS_RETENTION_DAYS: '0' }).retentionMs).toBe(0);
    expect(config.publishTimeoutMs).toBe(20_000);
    expect(config.inProcess.pollIntervalMs).toBe(250);
    expect(config.nats).toMatchObject({ streamReplicas: 3, duplicateWindowMs: 20_000, name: 'kommune-101' });
  });

  it.each([
    [{ KAFKA_TOPIC_PARTITIONS: '0' }, 'KAFKA_TOPIC_PARTITIONS must be a whole number from 1'],
    [{ BUS_MAX_IN_FLIGHT: '1.5' }, 'BUS_MAX_IN_FLIGHT must be a whole number'],
    [{ KAFKA_CREATE_TOPICS: 'yes' }, 'KAFKA_CREATE_TOPICS must be on or off'],
    [{ KAFKA_BROKERS: 'http://kafka:9092' }, 'KAFKA_BROKERS must be host:port'],
    [{ NATS_URL: 'http://nats' }, 'NATS_URL must be nats://host:port'],
    [{ KAFKA_SASL_MECHANISM: 'plain' }, 'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM must be plain'],
    [{ NATS_DUPLICATE_WINDOW_MS: '30000' }, 'NATS_DUPLICATE_WINDOW_MS must be at least BUS_PUBLISH_TIMEOUT_MS'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadBusConfig(env)).toThrow(ConfigurationError);
    expect(() => loadBusConfig(env)).toThrow(message);
  });
});
