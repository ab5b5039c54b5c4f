// A consumer in a process of its own, for the conformance suite's crash test: it prints a JSON line per message
// its handler finished (before the bus acknowledges it) and is killed with SIGKILL by the test.
import type { IntegrationBus } from '../integration-bus.port';

async function openBus(env: NodeJS.ProcessEnv): Promise<IntegrationBus> {
  switch (env['BUS_TRANSPORT']) {
    // Loaded on demand: a child for one transport needs no other transport's client.
    case 'nats': {
      const { NatsBus } = await import('../nats/nats-bus');
      return NatsBus.connect({ servers: env['NATS_URL']! });
    }
    case 'kafka': {
      const { KafkaBus } = await import('../kafka/kafka-bus');
      return KafkaBus.connect({ brokers: env['KAFKA_BROKERS']!.split(','), clientId: 'tillidsbarometer-conformance' });
    }
    case 'postgres': {
      const { connectNodePostgres } = await import('@tillidsbarometer/event-store');
      const { InProcessBus } = await import('../in-process/in-process-bus');
      return InProcessBus.open(connectNodePostgres({ connectionString: env['DATABASE_URL']!, onError: () => undefined }));
    }
    default:
      throw new Error(`BUS_TRANSPORT must be nats, kafka or postgres, got ${env['BUS_TRANSPORT']}`);
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const bus = await openBus(env);
  const delayMs = Number(env['BUS_HANDLE_DELAY_MS'] ?? 0);
  await bus.consume(
    env['BUS_TOPIC']!,
    async (message) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      process.stdout.write(`${JSON.stringify({ event: 'handled', id: message.id, key: message.key, attempt: message.deliveryAttempt })}\n`);
    },
    { group: env['BUS_GROUP']!, ackTimeoutMs: Number(env['BUS_ACK_TIMEOUT_MS']) },
  );
  process.stdout.write(`${JSON.stringify({ event: 'ready' })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
