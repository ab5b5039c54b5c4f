import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KOMMUNE_SNAPSHOTS_TOPIC, loadBusConfig } from '@tillidsbarometer/bus';
import { connectKurrentDb } from '@tillidsbarometer/event-store';
import { loadRuntimeConfig } from '@tillidsbarometer/runtime';
import { parse } from 'yaml';

/*
 * infra/ cannot run here (no Docker engine, and `docker compose` is not installed), so this reads it: the
 * compose file and the example environment files must agree with each other and with what the adapters expect,
 * and every variable they set must be one the code reads. A renamed topic, port or variable fails here instead of
 * in someone's deployment.
 */
const root = path.resolve(__dirname, '../..');
const infra = path.join(root, 'infra');

interface Service {
  image: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  command?: string[];
}
const compose = parse(readFileSync(path.join(infra, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`infra/docker-compose.yml has no service ${name}`);
  return found;
};
const env = (name: string, key: string): string => {
  const value = service(name).environment?.[key];
  if (value === undefined) throw new Error(`service ${name} does not set ${key}`);
  return String(value);
};
/** The host port a service publishes for a container port ("host:container"). */
const hostPort = (name: string, containerPort: number): number => {
  const mapping = (service(name).ports ?? []).map((port) => port.split(':').map(Number)).find(([, inside]) => inside === containerPort);
  if (!mapping) throw new Error(`service ${name} does not publish port ${containerPort}`);
  return mapping[0]!;
};

/** `NAME=value` lines; `#NAME=value` lines are optional settings, returned apart. */
function readEnvFile(file: string): { settings: Record<string, string>; optional: Record<string, string> } {
  const settings: Record<string, string> = {};
  const optional: Record<string, string> = {};
  for (const line of readFileSync(path.join(infra, 'env', file), 'utf8').split('\n')) {
    const match = /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) (match[1] ? optional : settings)[match[2]!] = match[3]!;
  }
  return { settings, optional };
}
const shapes = { embedded: readEnvFile('embedded.env'), kommune: readEnvFile('kommune.env'), national: readEnvFile('national.env') };

describe('infra/docker-compose.yml and infra/env: in line with the adapters', () => {
  it('starts exactly PostgreSQL 15 (twice: kommune and national), Kafka in KRaft mode with its topic, and KurrentDB', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'kafka-topics', 'kurrentdb', 'postgres', 'postgres-national']);
    expect(service('postgres').image).toMatch(/^postgres:15(\.|$)/);
    expect(service('postgres-national').image).toMatch(/^postgres:15(\.|$)/);
    // KRaft: the broker is its own controller; no ZooKeeper anywhere.
    expect(env('kafka', 'KAFKA_PROCESS_ROLES').split(',').sort()).toEqual(['broker', 'controller']);
    expect(JSON.stringify(compose)).not.toMatch(/zookeeper/i);
    // kafkajs 2.2 speaks protocol versions Kafka 4.0 removed.
    expect(service('kafka').image).toMatch(/^apache\/kafka:3\./);
    expect(service('kafka-topics').image).toBe(service('kafka').image);
  });

  it("gives each PostgreSQL the database, user, password and port of its shape's DATABASE_URL", () => {
    for (const [name, shape] of [
      ['postgres', shapes.kommune],
      ['postgres-national', shapes.national],
    ] as const) {
      const url = new URL(shape.settings['DATABASE_URL']!);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('localhost');
      expect(Number(url.port)).toBe(hostPort(name, 5432));
      expect(decodeURIComponent(url.username)).toBe(env(name, 'POSTGRES_USER'));
      expect(decodeURIComponent(url.password)).toBe(env(name, 'POSTGRES_PASSWORD'));
      expect(url.pathname).toBe(`/${env(name, 'POSTGRES_DB')}`);
    }
    expect(hostPort('postgres', 5432)).not.toBe(hostPort('postgres-national', 5432));
  });

  it('lets processes on the host reach Kafka at the KAFKA_BROKERS of the kommune and national shapes', () => {
    const listeners = parseListeners(env('kafka', 'KAFKA_LISTENERS'));
    const advertised = parseListeners(env('kafka', 'KAFKA_ADVERTISED_LISTENERS'));
    for (const shape of [shapes.kommune, shapes.national]) {
      const broker = shape.settings['KAFKA_BROKERS']!;
      expect(broker).toBe('localhost:9092');
      // The listener advertised as the broker's address listens on a container port published at that host port.
      const [name] = Object.entries(advertised).find(([, address]) => address === broker) ?? [];
      expect(name).toBeDefined();
      const inside = Number(listeners[name!]!.split(':').at(-1));
      expect(`localhost:${hostPort('kafka', inside)}`).toBe(broker);
    }
    // Every listener name has a protocol, the controller's is among them, and the brokers talk on an advertised one.
    const protocols = parseListeners(env('kafka', 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP'));
    expect(Object.keys(protocols).sort()).toEqual(Object.keys(listeners).sort());
    expect(listeners[env('kafka', 'KAFKA_CONTROLLER_LISTENER_NAMES')]).toBeDefined();
    expect(advertised[env('kafka', 'KAFKA_INTER_BROKER_LISTENER_NAME')]).toBeDefined();
    // A KRaft cluster id is a UUID in base64url: 16 bytes, 22 characters.
    expect(Buffer.from(env('kafka', 'CLUSTER_ID'), 'base64url')).toHaveLength(16);
    expect(env('kafka', 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')).toBe('false');
  });

  it("creates the national feed's topic, kommune-snapshots, through a listener the broker advertises to containers", () => {
    const command = service('kafka-topics').command!;
    const option = (name: string) => command[command.indexOf(name) + 1];
    expect(command[0]).toBe('/opt/kafka/bin/kafka-topics.sh');
    expect(command).toEqual(expect.arrayContaining(['--create', '--if-not-exists']));
    expect(option('--topic')).toBe(KOMMUNE_SNAPSHOTS_TOPIC);
    expect(Object.values(parseListeners(env('kafka', 'KAFKA_ADVERTISED_LISTENERS')))).toContain(option('--bootstrap-server'));
    // As the bus adapter would create it itself (KAFKA_CREATE_TOPICS), with its defaults.
    const bus = loadBusConfig({ KAFKA_BROKERS: 'localhost:9092' });
    expect(Number(option('--partitions'))).toBe(bus.kafka.topicPartitions);
    expect(Number(option('--replication-factor'))).toBe(bus.kafka.replicationFactor);
    const configs = command.flatMap((item, index) => (command[index - 1] === '--config' ? [item] : []));
    expect(configs.sort()).toEqual(['cleanup.policy=delete', `retention.ms=${bus.retentionMs}`]);
  });

  it('serves KurrentDB without TLS on the port of the KURRENTDB_URL the guide and the kommune shape give', () => {
    const url = shapes.kommune.optional['KURRENTDB_URL']!;
    expect(url).toBe(`kurrentdb://localhost:${hostPort('kurrentdb', 2113)}?tls=false`);
    expect(env('kurrentdb', 'KURRENTDB_INSECURE')).toBe('true');
    expect(env('kurrentdb', 'KURRENTDB_NODE_PORT')).toBe('2113');
    expect(readFileSync(path.join(infra, 'README.md'), 'utf8')).toContain(`KURRENTDB_URL=${url}`);
    // The skip message of the adapter's real-server suite tells the same URL.
    const realServerSpec = path.join(root, 'libs/event-store/src/kurrentdb/kurrentdb-event-store.int.spec.ts');
    expect(readFileSync(realServerSpec, 'utf8')).toContain(`KURRENTDB_URL=${url}`);
    // The official client accepts it (it connects only on the first call).
    void connectKurrentDb(url).dispose();
  });

  it('gives each deployment shape a configuration the services start with, optional settings included', () => {
    const embedded = loadRuntimeConfig({ ...shapes.embedded.settings });
    expect(embedded.embedded).toBe(true);
    expect(embedded.port).toBe(3000);
    for (const shape of [shapes.kommune, shapes.national]) {
      for (const settings of [shape.settings, { ...shape.settings, ...shape.optional }]) {
        const config = loadRuntimeConfig({ ...settings });
        expect(config.embedded).toBe(false);
        expect(config.kafkaBrokers).toEqual(['localhost:9092']);
        expect(config.demoData).toBe(false);
      }
    }
    // The bus: in process when embedded, Kafka at KAFKA_BROKERS for the kommune and the national service.
    expect(loadBusConfig({ ...shapes.embedded.settings }).transport).toBe('in-process');
    for (const shape of [shapes.kommune, shapes.national]) {
      expect(loadBusConfig({ ...shape.settings, ...shape.optional }).kafka.brokers).toEqual(['localhost:9092']);
      expect(loadBusConfig({ ...shape.settings }).transport).toBe('kafka');
    }
    expect(loadRuntimeConfig({ ...shapes.kommune.settings, ...shapes.kommune.optional }).kurrentdbUrl).toBe(
      shapes.kommune.optional['KURRENTDB_URL'],
    );
  });

  it('sets no variable the code does not read', () => {
    const sources = sourceFiles(['apps', 'libs']).map((file) => readFileSync(file, 'utf8'));
    const named = Object.values(shapes).flatMap((shape) => [...Object.keys(shape.settings), ...Object.keys(shape.optional)]);
    const unread = [...new Set(named)].filter((name) => !sources.some((source) => source.includes(`'${name}'`)));
    expect(unread).toEqual([]);
  });
});

/** `NAME://host:port,...` or `NAME:PROTOCOL,...` as a map from name to the rest. */
function parseListeners(value: string): Record<string, string> {
  return Object.fromEntries(
    value.split(',').map((entry) => {
      const [name, ...rest] = entry.split(':');
      return [name!, rest.join(':').replace(/^\/\//, '')];
    }),
  );
}

function sourceFiles(directories: string[]): string[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) files.push(full);
    }
  };
  directories.forEach((directory) => walk(path.join(root, directory)));
  return files;
}
