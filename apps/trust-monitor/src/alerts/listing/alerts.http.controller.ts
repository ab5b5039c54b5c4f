import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { QueryParameters } from '@tillidsbarometer/runtime';
import { ALERT_CODES, SEVERITY_OF } from '../alert-codes';
import type { AlertView } from '../alert-view';
import { assertKnownKommune, fieldError } from '../request-body';
import { ALERT_STATUSES, AlertsStore } from './alerts.store';

const MAX_LIMIT = 5_000;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1')
export class AlertsHttpController {
  constructor(private readonly alerts: AlertsStore) {}

  @Get('kommuner/:kommune/alerts')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: "The kommune's alerts: every case flag, warning and FEED_STALE as an alert with a stable key",
    description: `Each alert: {id, key, code, kommune, severity, status: firing|resolved, raisedAt, clearedAt?, caseId?, details,
acknowledgedAt?, silenced, inhibited}, newest first. Severity per code: ${Object.entries(SEVERITY_OF)
      .map(([code, severity]) => `${code} ${severity}`)
      .join(', ')}. silenced / inhibited: held back from notifications right now (a silence matches it; or it is a delayed-help
alert and the kommune's feed is stale). status: firing (default), resolved or all; acknowledged=true|false; limit (default
1000, at most ${MAX_LIMIT}).`,
  })
  @ApiQuery({ name: 'status', required: false, enum: ALERT_STATUSES })
  @ApiQuery({ name: 'code', required: false, enum: ALERT_CODES })
  @ApiQuery({ name: 'acknowledged', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<{ alerts: AlertView[] }> {
    assertKnownKommune(kommune);
    const params = new QueryParameters(query, ['status', 'code', 'acknowledged', 'limit']);
    const status = params.oneOf('status', ALERT_STATUSES) ?? 'firing';
    const code = params.oneOf('code', ALERT_CODES) ?? null;
    const acknowledged = params.oneOf('acknowledged', ['true', 'false'] as const);
    let limit = 1_000;
    if (query['limit'] !== undefined) {
      limit = typeof query['limit'] === 'string' && /^\d{1,5}$/.test(query['limit']) ? Number(query['limit']) : NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT))
        params.addError(fieldError('limit', 'isInt', `must be a whole number from 1 to ${MAX_LIMIT}`));
    }
    params.check();
    const alerts = await this.alerts.list(kommune, {
      status,
      code,
      acknowledged: acknowledged === undefined ? null : acknowledged === 'true',
      limit,
    });
    return { alerts };
  }

  @Post('alerts/:id/ack')
  @HttpCode(200)
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: 'Acknowledge an alert',
    description: `Someone of the alert's kommune (or admin) has taken it on: it is shown as acknowledged (acknowledgedAt) and not
notified firing again; whoever was told it fired is still told when it resolves. Idempotent (the first moment is kept).
Answers 200 with the alert; 404 for an unknown id.`,
  })
  acknowledge(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AlertView> {
    return this.alerts.acknowledge(id, principal);
  }
}
