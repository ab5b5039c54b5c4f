import { DEPARTMENTS, validationRules, type Department } from '@tillidsbarometer/domain';
import { ValidateIf } from 'class-validator';
import {
  ALL_QUESTION_IDS,
  ANSWER_CODES,
  NON_RESPONSES,
  RESPONDENT_ROLES,
  TIMING_CATEGORIES,
  type RespondentRole,
  type TimingCategory,
} from '../question-bank/question-bank';
import { CountPerKey, MemberList, PlainObject, Title } from '../validation/survey-rules';

export const MAX_TOKENS_PER_ROLE = 5_000;
export const MAX_TITLE_LENGTH = 120;

/** `POST /api/v1/kommuner/{kommune}/measurements` (CONTRACT.md section 7). */
export class CreateMeasurementRequest {
  @Title(MAX_TITLE_LENGTH, 'A name for the round that the kommune recognises, e.g. "Forår 2027". No personal data.')
  title!: string;

  @ValidateIf((request: CreateMeasurementRequest) => request.questionIds !== undefined)
  @MemberList(
    ALL_QUESTION_IDS,
    'The VIVE 2020 questions to ask (and help_in_time, the timing question). Default: all 13 and the timing question.',
  )
  questionIds?: string[];

  @ValidateIf((request: CreateMeasurementRequest) => request.roles !== undefined)
  @MemberList(RESPONDENT_ROLES, 'Who is asked. Default: citizen, caseworker and leader.')
  roles?: RespondentRole[];

  @ValidateIf((request: CreateMeasurementRequest) => request.opensAt !== undefined)
  @validationRules.Timestamp('When responses are first taken. Default: now (a round whose opensAt has come opens at once).')
  opensAt?: string;

  @validationRules.Timestamp('When the round closes by itself; after opensAt and in the future.')
  closesAt!: string;

  @CountPerKey(
    RESPONDENT_ROLES,
    1,
    MAX_TOKENS_PER_ROLE,
    'One-time tokens to make: a number for every role asked, or {citizen, caseworker, leader} per role (exactly the roles asked).',
  )
  tokensPerRole!: number | Partial<Record<RespondentRole, number>>;
}

/** `POST /api/v1/measurements/{id}/responses` (CONTRACT.md section 7): no login, no identity, the token once. */
export class ResponseRequest {
  @validationRules.Identifier('The one-time token the respondent was given (it says which role they answer as).')
  token!: string;

  @ValidateIf((request: ResponseRequest) => request.department !== undefined)
  @validationRules.OneOf(DEPARTMENTS, 'The department the respondent works in or dealt with (staff are asked on the page); optional.')
  department?: Department;

  @PlainObject({
    description:
      'questionId → 0 (Slet ikke), 1 (I mindre grad), 2 (I nogen grad), 3 (I høj grad), "ved_ikke" or "naegter_at_svare". Every question the round asks of the role is required: "naegter_at_svare" declines.',
    additionalProperties: {
      oneOf: [
        { type: 'integer', enum: [...ANSWER_CODES] },
        { type: 'string', enum: [...NON_RESPONSES] },
      ],
    },
  })
  answers!: Record<string, unknown>;

  @ValidateIf((request: ResponseRequest) => request.timing !== undefined)
  @validationRules.OneOf(TIMING_CATEGORIES, 'Did the help come in time? Optional; only when the round asks the timing question.')
  timing?: TimingCategory;
}
