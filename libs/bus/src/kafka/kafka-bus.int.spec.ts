import { describeIntegrationBusConformance } from '../conformance/integration-bus.conformance';
import { spawnConsumerProcess } from '../conformance/consumer-process';
import { KafkaBus } from './kafka-bus';

// Kafka cannot run on the development machines (no Docker, no broker package): the suite runs against a real
// broker whenever KAFKA_BROKERS names one (infra/ starts one), and says plainly that it was skipped otherwise.
const brokers = process.env['KAFKA_BROKERS']
  ?.split(',')
  .map((broker) => broker.trim())
  .filter(Boolean);

if (!brokers?.length) {
  // Written straight to stdout: Jest shows no console output of a file whose tests are all skipped.
  process.stdout.write(
    'IntegrationBus conformance for Kafka SKIPPED: KAFKA_BROKERS is not set (no Kafka broker on this machine; see infra/)\n',
  );
  describe.skip('IntegrationBus conformance: Kafka (skipped: KAFKA_BROKERS is not set)', () => {
    it('runs against a real broker when KAFKA_BROKERS is set', () => undefined);
  });
} else {
  describeIntegrationBusConformance(`Kafka at ${brokers.join(',')}`, async () => ({
    // The group session timeout: the brokers' minimum is 6 s (group.min.session.timeout.ms).
    ackTimeoutMs: 6_000,
    connect: () => KafkaBus.connect({ brokers, clientId: 'tillidsbarometer-conformance', topicPartitions: 3 }),
    startConsumerProcess: (options) => spawnConsumerProcess(options, { BUS_TRANSPORT: 'kafka', KAFKA_BROKERS: brokers.join(',') }),
    cleanup: async () => undefined,
  }));
}
