import { Body, Controller, Get, HttpException, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@tillidsbarometer/auth';
import type { FieldError } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { asksTiming, scoredQuestionsFor } from '@tillidsbarometer/surveys';
import type { FastifyReply } from 'fastify';
import { SubmitResponseCommand } from '../commands/submit-response/submit-response.command';
import { lookUpToken, type FoundToken, type TokenState } from '../rounds/token-lookup';
import { formPage, messagePage, PAGE_HEADERS, type MessageKind } from './response-page.html';

export const RECEIPT_PATH = '/svar/kvittering';
const STATUS: Record<MessageKind, number> = { unknown: 404, used: 409, notOpenYet: 409, closed: 410, received: 200, error: 400 };

/**
 * The respondent's page, reached with the token: GET shows the questions in the wording for the token's role, POST
 * takes the form (application/x-www-form-urlencoded, so it works without JavaScript) through the same command as
 * the API, then sends the browser on to a receipt without the token in its address. Request logs show the path as
 * /svar/[token] (libs/runtime/src/logging.ts).
 */
@ApiExcludeController()
@Controller('svar')
export class ResponsePageHttpController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  @Get('kvittering')
  @Public()
  receipt(@Res() reply: FastifyReply): void {
    send(reply, 200, messagePage('received'));
  }

  @Get(':token')
  @Public()
  async show(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const state = await lookUpToken(this.db, token, this.clock());
    if (state.kind !== 'open') return sendMessage(reply, state);
    send(reply, 200, this.form(token, state, {}, []));
  }

  @Post(':token')
  @Public()
  async submit(@Param('token') token: string, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const fields = formFields(body);
    const request = toResponseRequest(token, fields);
    try {
      await this.commands.execute(new SubmitResponseCommand(request));
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      const status = error.getStatus();
      const answer = error.getResponse() as { rule?: string; errors?: FieldError[] };
      if (status === 422) {
        const state = await lookUpToken(this.db, token, this.clock());
        if (state.kind !== 'open') return sendMessage(reply, state);
        return send(reply, 422, this.form(token, state, fields, answer.errors ?? []));
      }
      const kind: MessageKind =
        answer.rule === 'unknownToken'
          ? 'unknown'
          : answer.rule === 'roundClosed'
            ? 'closed'
            : answer.rule === 'notOpenYet'
              ? 'notOpenYet'
              : answer.rule === 'tokenUsed'
                ? 'used'
                : 'error';
      return send(reply, STATUS[kind], messagePage(kind, (answer as { opensAt?: string }).opensAt));
    }
    // Post/redirect/get: reloading the receipt sends nothing again, and its address holds no token.
    void reply.status(303).header('location', RECEIPT_PATH).header('referrer-policy', 'no-referrer').send();
  }

  private form(token: string, state: FoundToken, values: Record<string, string>, errors: FieldError[]): string {
    const { round, role } = state;
    return formPage({
      token,
      title: round.state.title,
      role,
      closesAt: round.state.closesAt,
      questions: scoredQuestionsFor(round.state, role),
      askTiming: asksTiming(round.state, role),
      askDepartment: role !== 'citizen',
      values,
      errors,
    });
  }
}

function send(reply: FastifyReply, status: number, html: string): void {
  void reply.status(status).headers(PAGE_HEADERS).send(html);
}

function sendMessage(reply: FastifyReply, state: TokenState): void {
  const kind: MessageKind = state.kind === 'open' ? 'error' : state.kind;
  send(reply, STATUS[kind], messagePage(kind, state.kind === 'notOpenYet' ? state.round.state.opensAt : undefined));
}

/** The form's fields as strings (a field sent twice keeps its first value: a radio group sends one). */
function formFields(body: unknown): Record<string, string> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}

/** answers.<questionId> → answers[questionId] (0-3 as numbers), department and timing when chosen; others kept, to be refused. */
function toResponseRequest(token: string, fields: Record<string, string>): Record<string, unknown> {
  const request: Record<string, unknown> = { token };
  const answers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('answers.')) answers[name.slice('answers.'.length)] = /^[0-3]$/.test(value) ? Number(value) : value;
    else if ((name === 'department' || name === 'timing') && value === '') continue;
    else request[name] = value;
  }
  return { ...request, answers };
}
