import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
import { describeIntegrationBusConformance } from '../conformance/integration-bus.conformance';
import { spawnConsumerProcess } from '../conformance/consumer-process';
import { InProcessBus } from './in-process-bus';

// Deployment shape 2 without a broker: the same log on a real PostgreSQL server. Every client is a pool of its
// own (another machine), and the crash test kills a consumer in another process holding the group's lease.
describeIntegrationBusConformance('in-process on PostgreSQL', async () => {
  const test = await createTestDatabase('postgres');
  return {
    ackTimeoutMs: 2_000,
    connect: () => InProcessBus.open(test.connectAgain()),
    startConsumerProcess: (options) => spawnConsumerProcess(options, { BUS_TRANSPORT: 'postgres', DATABASE_URL: test.url! }),
    cleanup: () => test.drop(),
  };
});
