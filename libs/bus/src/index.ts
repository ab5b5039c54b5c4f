export * from './integration-bus.port';
export { INTEGRATION_BUS } from './integration-bus.token';
export { InvalidMessageError } from './message-rules';
export { DEFAULT_DELIVERY, type DeliverySettings, type BusErrorReporter } from './delivery/delivery-settings';
export { InProcessBus, DEFAULT_IN_PROCESS_SETTINGS, type InProcessBusSettings } from './in-process/in-process-bus';
export { NatsBus, DEFAULT_NATS_SETTINGS, type NatsBusSettings } from './nats/nats-bus';
export { KafkaBus, DEFAULT_KAFKA_SETTINGS, type KafkaBusSettings } from './kafka/kafka-bus';
export { BusModule, BUS_CONFIG, openIntegrationBus } from './nest/bus.module';
export { loadBusConfig, type BusConfig, type BusTransport } from './nest/bus-config';
