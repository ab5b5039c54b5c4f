import { runService } from '@tillidsbarometer/runtime';
import { TrustMonitorModule } from './trust-monitor.module';

/**
 * The trust monitor on its own (deployment shape 2): the projections and the kommune's read API, in a process
 * of its own. Several instances may run; the projection's lease lets one at a time write.
 */
runService('trust-monitor', TrustMonitorModule);
