import { runService } from '@tillidsbarometer/runtime';
import { CaseEventsModule } from './case-events.module';

/**
 * The case-events service on its own (deployment shape 2: kommune or shared hosting, PostgreSQL): the same
 * module `npm start` runs, in a process of its own that scales horizontally.
 */
runService('case-events', CaseEventsModule);
