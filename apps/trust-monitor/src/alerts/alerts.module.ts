import { Module } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { loadAlertingConfig } from './alerting-config';
import { AlertingSchema } from './alerting-schema.service';
import { ALERTING_CONFIG } from './alerting.tokens';
import { AlertingLeader } from './leader/alerting-leader.service';
import { AlertsHttpController } from './listing/alerts.http.controller';
import { AlertsStore } from './listing/alerts.store';
import { SilencesHttpController } from './silences/silences.http.controller';
import { SilencesStore } from './silences/silences.store';
import { AlertStreamHttpController } from './stream/alert-stream.http.controller';
import { AlertStreamHub } from './stream/alert-stream.hub';
import { AlertSubscriptionsHttpController } from './subscriptions/alert-subscriptions.http.controller';
import { AlertSubscriptionsStore } from './subscriptions/alert-subscriptions.store';

/**
 * Alerts (CONTRACT.md section 6): case flags, warnings and stale feeds become alerts; subscriptions, webhooks and
 * e-mail, grouping, deduplication, resolved notifications, acknowledgements, silences, inhibition and the live
 * stream. Needs the RuntimeModule and the trust monitor's read model (flags, feeds) and warnings.
 */
@Module({
  controllers: [AlertSubscriptionsHttpController, AlertsHttpController, SilencesHttpController, AlertStreamHttpController],
  providers: [
    { provide: ALERTING_CONFIG, useFactory: (config: RuntimeConfig) => loadAlertingConfig(config.env), inject: [RUNTIME_CONFIG] },
    AlertingSchema,
    AlertSubscriptionsStore,
    AlertsStore,
    SilencesStore,
    AlertStreamHub,
    AlertingLeader,
  ],
  exports: [AlertingLeader],
})
export class AlertsModule {}
