import { Inject, UnprocessableEntityException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { validateCreateMeasurement, type RespondentRole } from '@tillidsbarometer/surveys';
import { randomUUID } from 'node:crypto';
import { applyToRound, ruleErrorToHttp } from '../../rounds/round-repository';
import { hashSurveyToken, newSurveyToken } from '../../rounds/survey-token';
import { CreateMeasurementCommand, type CreatedMeasurement } from './create-measurement.command';

/**
 * Makes the tokens, keeps their hashes (in MeasurementCreated and the token tables) and answers the tokens once. The
 * event, the round's row and the token rows commit in one transaction: a round never exists without its tokens.
 */
@CommandHandler(CreateMeasurementCommand)
export class CreateMeasurementHandler implements ICommandHandler<CreateMeasurementCommand, CreatedMeasurement> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ kommune, body, principal }: CreateMeasurementCommand): Promise<CreatedMeasurement> {
    const now = this.clock();
    const validation = validateCreateMeasurement(body, now);
    if (!validation.ok)
      throw new UnprocessableEntityException({ message: validation.errors.map((e) => e.message).join('; '), errors: validation.errors });
    const request = validation.value;
    const measurementId = randomUUID();
    const tokens: Partial<Record<RespondentRole, string[]>> = {};
    const tokenHashes: Partial<Record<RespondentRole, string[]>> = {};
    const rows: Array<{ token_hash: string; measurement_id: string; role: RespondentRole }> = [];
    for (const role of request.roles) {
      tokens[role] = Array.from({ length: request.tokensPerRole[role]! }, newSurveyToken);
      tokenHashes[role] = tokens[role].map(hashSurveyToken);
      for (const hash of tokenHashes[role]) rows.push({ token_hash: hash, measurement_id: measurementId, role });
    }
    const { tokensPerRole, ...definition } = request;
    await this.db
      .transaction(async (tx) => {
        await applyToRound(
          tx,
          undefined,
          [{ type: 'CreateMeasurement', measurementId, kommune, ...definition, tokenHashes, now: now.toISOString() }],
          { metadata: { source: principal.subject }, tokensIssued: tokensPerRole },
        );
        const json = JSON.stringify(rows);
        await tx.query('INSERT INTO temperature.tokens SELECT * FROM json_populate_recordset(NULL::temperature.tokens, $1::json)', [json]);
        await tx.query(
          'INSERT INTO temperature.unused_tokens SELECT token_hash FROM json_populate_recordset(NULL::temperature.tokens, $1::json)',
          [json],
        );
      })
      .catch(ruleErrorToHttp);
    return { id: measurementId, tokens };
  }
}
