import { validationRules } from '@tillidsbarometer/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';
import { ALERT_CODES, SEVERITIES } from '../alert-codes';

const { KommuneCode, OneOf } = validationRules;

/**
 * `POST /api/v1/alert-subscriptions` (CONTRACT.md section 6): `{kommune?, codes?, minSeverity?, webhookUrl,
 * secret} | {kommune?, codes?, minSeverity?, email}`. Which of the two is checked after these field rules.
 */
export class AlertSubscriptionRequest {
  @IsOptional()
  @KommuneCode('The kommune whose alerts to receive; required for a kommune_leader token (its own kommune), left out by admin for all.')
  kommune?: string;

  @IsOptional()
  @IsArray({ message: 'must be an array of alert codes' })
  @ArrayMinSize(1, { message: 'must name at least one code (leave it out for every code)' })
  @ArrayMaxSize(ALERT_CODES.length, { message: `must name at most ${ALERT_CODES.length} codes` })
  @ArrayUnique({ message: 'must not name a code twice' })
  @IsIn(ALERT_CODES, { each: true, message: `must hold only ${ALERT_CODES.join(', ')}` })
  codes?: string[];

  @IsOptional()
  @OneOf(SEVERITIES, 'The least severity to receive (default info: every alert).')
  minSeverity?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(2_000, { message: 'must be at most 2000 characters' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http or https URL' })
  webhookUrl?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Length(16, 256, { message: 'must be 16-256 characters' })
  secret?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string;
}

/** The OpenAPI schema of the body (the class above is the validation; this says the same for readers). */
export const ALERT_SUBSCRIPTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kommune: { type: 'string', pattern: '^\\d{3}$', description: 'required for kommune_leader (its own); admin may leave it out for all' },
    codes: { type: 'array', items: { type: 'string', enum: [...ALERT_CODES] }, minItems: 1, uniqueItems: true },
    minSeverity: { type: 'string', enum: [...SEVERITIES], default: 'info' },
    webhookUrl: { type: 'string', format: 'uri', description: 'http(s); with secret' },
    secret: { type: 'string', minLength: 16, maxLength: 256, description: 'signs the webhooks (X-Signature); never returned' },
    email: { type: 'string', format: 'email', description: 'instead of webhookUrl and secret' },
  },
  oneOf: [{ required: ['webhookUrl', 'secret'] }, { required: ['email'] }],
};
