import { Module, type DynamicModule } from '@nestjs/common';
import { DASHBOARD_ASSETS_DIRECTORY, DashboardAssets } from './assets/dashboard-assets';
import type { DashboardConfig } from './dashboard.config';
import { DASHBOARD_LOGIN, DashboardLoginHttpController, type DashboardLoginSettings } from './login/dashboard-login.http.controller';

/** The web UI at `/` and how it signs people in. */
@Module({})
export class DashboardModule {
  static register(config: DashboardConfig, login: Omit<DashboardLoginSettings, 'oidc'>): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardLoginHttpController],
      providers: [
        DashboardAssets,
        { provide: DASHBOARD_ASSETS_DIRECTORY, useValue: config.assetsDirectory },
        { provide: DASHBOARD_LOGIN, useValue: { ...login, oidc: config.oidc } satisfies DashboardLoginSettings },
      ],
    };
  }
}
