import { BusModule } from '@tillidsbarometer/bus';
import { runService } from '@tillidsbarometer/runtime';
import { NationalModule } from './national.module';

/**
 * The national service on its own (deployment shape 3): its own PostgreSQL (DATABASE_URL), consuming the kommune
 * snapshots from the bus (KAFKA_BROKERS, else NATS_URL) and answering the secretariat's API.
 */
runService('national', NationalModule, (config) => [BusModule.forRoot(config)]);
