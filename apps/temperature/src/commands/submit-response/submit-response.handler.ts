import { ConflictException, GoneException, Inject, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { fieldError, type FieldError } from '@tillidsbarometer/domain';
import { DATABASE, type Database, type SqlClient } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { checkResponse, validateResponseRequest } from '@tillidsbarometer/surveys';
import { RoundKeeper } from '../../round-keeper/round-keeper.service';
import { lockRound } from '../../rounds/round-repository';
import { lookUpToken, type FoundToken } from '../../rounds/token-lookup';
import { SubmitResponseCommand } from './submit-response.command';

/**
 * Checks the body, the token and the answers against the round, then — in one transaction under the round's shared
 * lock — deletes the token from the unused ones and puts the response into the mix pool. Nothing acknowledged is
 * lost (the pool is durable) and a token is used exactly once (the delete is the check: a second, concurrent use
 * finds no row). The keeper later moves pooled responses to the store in shuffled batches.
 */
@CommandHandler(SubmitResponseCommand)
export class SubmitResponseHandler implements ICommandHandler<SubmitResponseCommand, void> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keeper: RoundKeeper,
  ) {}

  async execute({ body, measurementId }: SubmitResponseCommand): Promise<void> {
    const validation = validateResponseRequest(body);
    if (!validation.ok) throw invalid(validation.errors);
    const request = validation.value;
    const pooledIn = await this.db.transaction(async (tx) => {
      const state = await this.tokenState(tx, request.token, measurementId);
      await lockRound(tx, state.round.id, 'shared');
      // Looked at again under the lock: a close by hand or by time may have committed meanwhile.
      const locked = await this.tokenState(tx, request.token, measurementId);
      const { round, role } = locked;
      const checked = checkResponse(round.state, role, request);
      if (!checked.ok) throw invalid(checked.errors);
      const { rowCount } = await tx.query('DELETE FROM temperature.unused_tokens WHERE token_hash = $1', [locked.tokenHash]);
      if (rowCount !== 1) throw refusal(ConflictException, 'tokenUsed', 'has been used already: a token works once');
      await tx.query('INSERT INTO temperature.response_pool (measurement_id, response) VALUES ($1, $2::json)', [
        round.id,
        JSON.stringify(checked.value),
      ]);
      return round.id;
    });
    this.keeper.responsePooled(pooledIn);
  }

  private async tokenState(tx: SqlClient, token: string, measurementId: string | undefined): Promise<FoundToken> {
    const state = await lookUpToken(tx, token, this.clock());
    if (state.kind === 'unknown' || (measurementId !== undefined && state.round.id !== measurementId.toLowerCase()))
      throw refusal(NotFoundException, 'unknownToken', 'is not a token of this measurement');
    if (state.kind === 'closed') throw refusal(GoneException, 'roundClosed', 'belongs to a measurement that has closed');
    if (state.kind === 'notOpenYet')
      throw refusal(ConflictException, 'notOpenYet', `belongs to a measurement that opens at ${state.round.state.opensAt}`, {
        opensAt: state.round.state.opensAt,
      });
    if (state.kind === 'used') throw refusal(ConflictException, 'tokenUsed', 'has been used already: a token works once');
    return state;
  }
}

function invalid(errors: FieldError[]): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: errors.map((e) => e.message).join('; '), errors });
}

function refusal(Exception: new (body: object) => Error, rule: string, text: string, extra: Record<string, string> = {}): Error {
  const error = fieldError('token', rule, text);
  return new Exception({ message: error.message, rule, errors: [error], ...extra });
}
