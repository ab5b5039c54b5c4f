import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule } from '@tillidsbarometer/bus';
import { CaseEventsModule } from '@tillidsbarometer/case-events';
import { DashboardModule, loadDashboardConfig } from '@tillidsbarometer/dashboard';
import { NationalModule } from '@tillidsbarometer/national';
import { RuntimeModule, type RuntimeConfig, type Secrets } from '@tillidsbarometer/runtime';
import { TemperatureModule } from '@tillidsbarometer/temperature';
import { TrustMonitorModule } from '@tillidsbarometer/trust-monitor';

/** Every service of the product in one process, on one port (the embedded deployment shape). */
@Module({})
export class StandaloneModule {
  static register(config: RuntimeConfig, secrets: Secrets): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        RuntimeModule.forRoot(config, secrets),
        CaseEventsModule,
        TrustMonitorModule,
        TemperatureModule,
        BusModule.forRoot(config),
        NationalModule,
        dashboard(config, secrets),
      ],
    };
  }
}

/** The web UI; its demo login only with the embedded mode's generated development secret. */
function dashboard(config: RuntimeConfig, secrets: Secrets): DynamicModule {
  const developmentJwtSecret = secrets.development.jwtSecret ? secrets.auth.jwtSecret : undefined;
  return DashboardModule.register(loadDashboardConfig(config.env), { developmentJwtSecret });
}
