import { describeIntegrationBusConformance } from '../conformance/integration-bus.conformance';
import { spawnConsumerProcess } from '../conformance/consumer-process';
import { startNatsServer } from '../testing/nats-server';
import { NatsBus } from './nats-bus';

// A real nats-server of this test's own (a free port, its own store), so that the suite can kill and restart it.
describeIntegrationBusConformance('NATS JetStream', async () => {
  const server = await startNatsServer();
  return {
    ackTimeoutMs: 2_000,
    connect: () => NatsBus.connect({ servers: server.url }),
    restartTransport: () => server.restart(),
    startConsumerProcess: (options) => spawnConsumerProcess(options, { BUS_TRANSPORT: 'nats', NATS_URL: server.url }),
    cleanup: () => server.stop(),
  };
});
