import { validationRules } from '@tillidsbarometer/domain';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { ALERT_CODES } from '../alert-codes';

const { CaseNumber, KommuneCode, Timestamp } = validationRules;

/** `POST /api/v1/silences`: matchers (all given must match) and the time it holds. */
export class SilenceRequest {
  @IsOptional()
  @KommuneCode('The kommune whose alerts to silence; required for kommune tokens (their own), left out by admin for all.')
  kommune?: string;

  @IsOptional()
  @IsArray({ message: 'must be an array of alert codes' })
  @ArrayMinSize(1, { message: 'must name at least one code (leave it out for every code)' })
  @ArrayMaxSize(ALERT_CODES.length, { message: `must name at most ${ALERT_CODES.length} codes` })
  @ArrayUnique({ message: 'must not name a code twice' })
  @IsIn(ALERT_CODES, { each: true, message: `must hold only ${ALERT_CODES.join(', ')}` })
  codes?: string[];

  @IsOptional()
  @CaseNumber("One case's alerts only: the case system's case number.")
  caseId?: string;

  @IsOptional()
  @Timestamp('From when it holds (default now).')
  startsAt?: string;

  @Timestamp('When it ends: then alerts it held back that still fire are notified.')
  endsAt!: string;
}

export const SILENCE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['endsAt'],
  properties: {
    kommune: { type: 'string', pattern: '^\\d{3}$' },
    codes: { type: 'array', items: { type: 'string', enum: [...ALERT_CODES] }, minItems: 1, uniqueItems: true },
    caseId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
    startsAt: { type: 'string', format: 'date-time', description: 'default now' },
    endsAt: { type: 'string', format: 'date-time' },
  },
};
