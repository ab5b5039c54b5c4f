import { runService } from '@tillidsbarometer/runtime';
import { TemperatureModule } from './temperature.module';

/**
 * The temperature service on its own (deployment shape 2): measurements, the respondent's page and results, in a
 * process of its own. Several instances may run: each round changes under its own lock.
 */
runService('temperature', TemperatureModule);
