import { BusModule } from '@tillidsbarometer/bus';
import { runService } from '@tillidsbarometer/runtime';
import { TrustMonitorModule } from './trust-monitor.module';

/**
 * The trust monitor on its own (deployment shape 2): the projections, the kommune's read API, the warnings and
 * alerts, and the kommune's snapshots to the national feed over the bus (KAFKA_BROKERS, else NATS_URL; without
 * either, the in-process bus keeps them in the kommune's own database). Several instances may run; the
 * projection's and the relay's leases let one at a time write.
 */
runService('trust-monitor', TrustMonitorModule, (config) => [BusModule.forRoot(config)]);
