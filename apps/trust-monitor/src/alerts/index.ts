export { AlertsModule } from './alerts.module';
export { loadAlertingConfig, type AlertingConfig } from './alerting-config';
export { ALERT_CODES, SEVERITY_OF, DELAYED_HELP_CODES, type AlertCode, type Severity } from './alert-codes';
export { webhookSignature } from './notify/webhook-signature';
export type { AlertView, NotifiedAlert } from './alert-view';
