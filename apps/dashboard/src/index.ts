export { DashboardModule } from './dashboard.module';
export { loadDashboardConfig, type DashboardConfig, type OidcLoginConfig } from './dashboard.config';
