// Test support, imported as '@tillidsbarometer/bus/testing': never by production code.
export {
  describeIntegrationBusConformance,
  type BusConformanceSubject,
  type ConsumerProcess,
  type ConsumerProcessOptions,
} from './src/conformance/integration-bus.conformance';
export { spawnConsumerProcess } from './src/conformance/consumer-process';
export { startNatsServer, NATS_SERVER_BINARY, type NatsServerProcess } from './src/testing/nats-server';
