import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Post,
  Req,
  Res,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { CASE_EVENT_SCHEMA_NAMES } from '@tillidsbarometer/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CaseEventsMetrics } from '../../case-events.metrics';
import { CONCURRENT_CHANGE_RULE, FORBIDDEN_RULE, RecordCaseEventsCommand, type RecordedCaseEvent } from './record-case-events.command';

export const MAX_EVENTS_PER_BATCH = 1_000;

const oneEvent = {
  oneOf: CASE_EVENT_SCHEMA_NAMES.map((name) => ({ $ref: `#/components/schemas/${name}` })),
  discriminator: { propertyName: 'type' },
};

@ApiTags('case events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class RecordCaseEventsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly metrics: CaseEventsMetrics,
  ) {}

  @Post()
  @Roles('source_system')
  @ApiOperation({
    summary: 'Record one case event, or a batch of up to 1,000',
    description: `One event (an object) answers 201 \`stored\`, 200 \`duplicate\` (the same eventId was stored before; its
original position is returned), 422 \`rejected\` with \`errors\`, 403 when the event's kommune is not the token's, 409 when
the case kept changing under concurrent requests (retried a few times first).

A batch (an array of 1-1,000 events) answers 200 with one result per event, in order:
\`{eventId, status: stored|duplicate|rejected, position?, errors?}\`. Events are validated and applied in array order,
each on its own: a rejected event does not undo the others. In a batch, an event for another kommune is \`rejected\`
with rule \`forbidden\`, and a case that kept changing concurrently is \`rejected\` with rule \`concurrentChange\`
(send those events again). A batch is stored in one transaction.

Invariants are checked in the order events arrive, not by occurredAt: a case's HelpRequested must come first and
only once; a decision or complaint must have been sent before an event refers to it; after CaseClosed a case takes
nothing more. Events may otherwise arrive out of occurredAt order; the indicators use occurredAt.
\`citizenId\` and \`caseworkerId\` are pseudonymised with a per-kommune key on arrival and never stored.

Malformed JSON, or a body that is neither an object nor an array: 400. A body over the size limit (4 MiB): 413.
A Content-Type other than application/json: 415.`,
  })
  @ApiBody({ schema: { oneOf: [oneEvent, { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_BATCH, items: oneEvent }] } })
  @ApiResponse({ status: 201, description: 'stored' })
  @ApiResponse({ status: 200, description: 'duplicate (one event), or the results of a batch' })
  @ApiResponse({ status: 422, description: 'rejected: errors name the field and the rule' })
  async record(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordedCaseEvent | RecordedCaseEvent[]> {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      throw new UnsupportedMediaTypeException('Content-Type must be application/json');
    }
    const stopTimer = this.metrics.latency.startTimer();
    if (Array.isArray(body)) {
      if (body.length === 0 || body.length > MAX_EVENTS_PER_BATCH) {
        throw new BadRequestException(
          `a batch holds 1 to ${MAX_EVENTS_PER_BATCH.toLocaleString('en')} events (this one has ${body.length.toLocaleString('en')})`,
        );
      }
      const results = await this.commands.execute<RecordCaseEventsCommand, RecordedCaseEvent[]>(
        new RecordCaseEventsCommand(body, principal),
      );
      stopTimer({ shape: 'batch' });
      void reply.status(200);
      return results;
    }
    if (body === null || typeof body !== 'object') {
      throw new BadRequestException('the body must be one event (a JSON object) or a batch (a JSON array)');
    }
    const [result] = await this.commands.execute<RecordCaseEventsCommand, RecordedCaseEvent[]>(
      new RecordCaseEventsCommand([body], principal),
    );
    stopTimer({ shape: 'single' });
    return answerOne(result!, reply);
  }
}

/** The single-event answer (CONTRACT.md section 2): 201 stored, 200 duplicate, 403, 409 or 422 for a rejection. */
export function answerOne(result: RecordedCaseEvent, reply: Pick<FastifyReply, 'status'>): RecordedCaseEvent {
  if (result.status === 'stored') void reply.status(201);
  if (result.status === 'duplicate') void reply.status(200);
  if (result.status === 'rejected') {
    const rules = result.errors?.map((error) => error.rule) ?? [];
    const message = result.errors?.map((error) => error.message).join('; ') ?? 'rejected';
    if (rules.includes(FORBIDDEN_RULE)) throw new ForbiddenException(message);
    if (rules.includes(CONCURRENT_CHANGE_RULE)) throw new ConflictException({ message, errors: result.errors });
    throw new UnprocessableEntityException({ ...result, message });
  }
  return result;
}
