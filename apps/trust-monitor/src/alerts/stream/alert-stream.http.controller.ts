import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { QueryToken, Roles } from '@tillidsbarometer/auth';
import { QueryParameters } from '@tillidsbarometer/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertKnownKommune } from '../request-body';
import { AlertStreamHub } from './alert-stream.hub';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/alerts/stream')
export class AlertStreamHttpController {
  constructor(private readonly hub: AlertStreamHub) {}

  @Get()
  @Roles('kommune_staff', 'kommune_leader')
  @QueryToken()
  @ApiOperation({
    summary: "The kommune's alerts as they change: server-sent events",
    description: `Every transition as it happens: \`event: firing | resolved | acknowledged\`, \`id: <transition id>\`,
\`data: {"transition": ..., "alert": {id, key, code, kommune, severity, status, raisedAt, clearedAt?, caseId?, details, acknowledgedAt?}}\`.
An event-driven flag reaches the stream within a second of its event being stored; a time-driven one within a second of its
moment. A comment line (\`: heartbeat\`) every 15 s keeps proxies from closing it. Reconnecting with \`Last-Event-ID\` sends what
was missed (up to 7 days back). A browser's EventSource cannot send an Authorization header: this route also takes the
bearer token as \`?access_token=\` (never logged).`,
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'access_token', required: false, description: 'the bearer token, for EventSource' })
  async stream(
    @Param('kommune') kommune: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    assertKnownKommune(kommune);
    new QueryParameters(query, ['access_token']).check();
    const lastEventHeader = request.headers['last-event-id'];
    const lastEventId = typeof lastEventHeader === 'string' && /^\d{1,15}$/.test(lastEventHeader) ? Number(lastEventHeader) : undefined;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    raw.write('retry: 3000\n: connected\n\n');
    const detach = await this.hub.attach(kommune, raw, lastEventId);
    request.raw.once('close', detach);
  }
}
