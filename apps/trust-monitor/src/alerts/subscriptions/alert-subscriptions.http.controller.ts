import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { QueryParameters } from '@tillidsbarometer/runtime';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { fieldError } from '../request-body';
import { ALERT_SUBSCRIPTION_SCHEMA } from './alert-subscription.request';
import { AlertSubscriptionsStore, type AlertSubscription } from './alert-subscriptions.store';

const DELIVERY = `Webhooks are POSTed as JSON \`{alerts: [{key, code, kommune, status: firing|resolved, raisedAt, clearedAt?, caseId?, details}]}\`
with \`X-Signature: sha256=<hex HMAC-SHA256 of the raw body under secret>\` and \`X-Notification-Id\` (stable: a retry, or the one
repeat a crash between a send and its record can cause, carries the same id and the same bytes). Any answer but 2xx is
retried with exponential backoff for a day, then given up. E-mails (Danish) carry the same id as their Message-ID.
A kommune's alerts raised close together go out as one notification (group wait); each alert key is notified firing once,
and resolved once after its clear; acknowledged, silenced and inhibited alerts are held back. A new subscription hears of
alerts that start firing after it was created; the ones already firing are listed at GET /api/v1/kommuner/{kommune}/alerts.`;

/** CONTRACT.md section 6: who hears of which alerts, and how. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alert-subscriptions')
export class AlertSubscriptionsHttpController {
  constructor(private readonly subscriptions: AlertSubscriptionsStore) {}

  @Post()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: "Subscribe a webhook or an e-mail address to a kommune's alerts",
    description: `\`{kommune?, codes?, minSeverity?, webhookUrl, secret}\` or \`{kommune?, codes?, minSeverity?, email}\`. A kommune_leader
subscribes its own kommune (kommune required); admin any kommune, or every kommune without kommune. codes: only these codes
(default every one); minSeverity: info (default), warning or critical. The secret is stored to sign the webhooks and never
returned. Answers 201 with the subscription; 422 naming each broken field and rule.\n\n${DELIVERY}`,
  })
  @ApiBody({ schema: ALERT_SUBSCRIPTION_SCHEMA })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<AlertSubscription> {
    return this.subscriptions.create(body, principal);
  }

  @Get()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: 'The subscriptions, with how their deliveries went',
    description: "A kommune_leader sees its kommune's; admin every one, or one kommune's with ?kommune=. Never a secret.",
  })
  @ApiQuery({ name: 'kommune', required: false })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ subscriptions: AlertSubscription[] }> {
    const params = new QueryParameters(query, ['kommune']);
    const kommune = typeof query['kommune'] === 'string' ? query['kommune'] : undefined;
    if (query['kommune'] !== undefined && !isKommuneCode(kommune)) {
      params.addError(fieldError('kommune', 'isKommuneCode', 'must be one of the 98 kommune codes (e.g. "101")'));
    }
    params.check();
    return { subscriptions: await this.subscriptions.list(principal, kommune) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('kommune_leader')
  @ApiOperation({ summary: 'End a subscription', description: 'Notifications still waiting to go out to it are cancelled. 204.' })
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.subscriptions.delete(id, principal);
  }
}
