import { fieldError, validatePlain, type FieldError } from '@tillidsbarometer/domain';
import {
  ALL_QUESTION_IDS,
  isAnswer,
  questionById,
  RESPONDENT_ROLES,
  type Answer,
  type RespondentRole,
} from '../question-bank/question-bank';
import type { StoredResponse } from '../tally/tally';
import { CreateMeasurementRequest, ResponseRequest } from './measurement.requests';
import { asksQuestion, asksTiming, scoredQuestionsFor, type RoundDefinition } from './round';

export interface NewMeasurement {
  title: string;
  questionIds: string[];
  roles: RespondentRole[];
  opensAt: string;
  closesAt: string;
  tokensPerRole: Partial<Record<RespondentRole, number>>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const notAnObject = (name: string): Validated<never> => ({
  ok: false,
  errors: [fieldError('body', 'isObject', `must be a JSON object ${name}`)],
});

/**
 * A create request, its defaults filled in (every question and the timing question, every role, opensAt now): the
 * fields by their rules, then what the fields say together (tokens for exactly the roles asked, a question for each).
 * The order of times (closesAt after opensAt and now) is the decider's.
 */
export function validateCreateMeasurement(body: unknown, now: Date): Validated<NewMeasurement> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return notAnObject('{title, closesAt, tokensPerRole, ...}');
  const { instance, errors } = validatePlain(CreateMeasurementRequest, body as Record<string, unknown>);
  if (errors.length > 0) return { ok: false, errors };
  const roles = RESPONDENT_ROLES.filter((role) => (instance.roles ?? RESPONDENT_ROLES).includes(role));
  const questionIds = ALL_QUESTION_IDS.filter((id) => (instance.questionIds ?? ALL_QUESTION_IDS).includes(id));
  const tokensPerRole: Partial<Record<RespondentRole, number>> = {};
  if (typeof instance.tokensPerRole === 'number') {
    for (const role of roles) tokensPerRole[role] = instance.tokensPerRole;
  } else {
    for (const role of RESPONDENT_ROLES) {
      const count = instance.tokensPerRole[role];
      if (count !== undefined && !roles.includes(role))
        errors.push(fieldError(`tokensPerRole.${role}`, 'roleNotAsked', 'names a role the round does not ask'));
      else if (count === undefined && roles.includes(role))
        errors.push(fieldError(`tokensPerRole.${role}`, 'isDefined', 'is required: the round asks this role'));
      else if (count !== undefined) tokensPerRole[role] = count;
    }
  }
  const round = { roles, questionIds };
  for (const role of roles) {
    if (scoredQuestionsFor(round, role).length === 0)
      errors.push(fieldError('questionIds', 'questionForEveryRole', `must hold a scored question the bank asks of ${role}`));
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title: instance.title.trim(),
      questionIds,
      roles,
      opensAt: instance.opensAt === undefined ? now.toISOString() : new Date(instance.opensAt).toISOString(),
      closesAt: new Date(instance.closesAt).toISOString(),
      tokensPerRole,
    },
  };
}

/** The body of a response, by its fields' rules alone (the round and the token are looked at after). */
export function validateResponseRequest(body: unknown): Validated<ResponseRequest> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return notAnObject('{token, answers, department?, timing?}');
  const { instance, errors } = validatePlain(ResponseRequest, body as Record<string, unknown>);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: instance };
}

/**
 * The response as the round asks it of the token's role: every answer a question of the bank, in the round, asked of
 * the role, with a value on the scale; every question of the role answered ("naegter_at_svare" declines); timing only
 * when the round asks it. Returns what is stored: the role, the department, the answers, the timing. Nothing more.
 */
export function checkResponse(round: RoundDefinition, role: RespondentRole, request: ResponseRequest): Validated<StoredResponse> {
  if (!round.roles.includes(role))
    return { ok: false, errors: [fieldError('token', 'roleNotAsked', `is for ${role}s, whom this round does not ask`)] };
  const errors: FieldError[] = [];
  const answers: Record<string, Answer> = {};
  for (const [questionId, value] of Object.entries(request.answers)) {
    const field = `answers.${questionId}`;
    if (!questionById(questionId)) errors.push(fieldError(field, 'unknownQuestion', 'is not a question of the VIVE 2020 bank'));
    else if (!round.questionIds.includes(questionId)) errors.push(fieldError(field, 'notInRound', 'is not a question of this round'));
    else if (!asksQuestion(round, role, questionId)) errors.push(fieldError(field, 'notAskedOfRole', `is not asked of ${role}s`));
    else if (!isAnswer(value)) errors.push(fieldError(field, 'isAnswer', 'must be one of 0, 1, 2, 3, "ved_ikke", "naegter_at_svare"'));
    else answers[questionId] = value;
  }
  for (const question of scoredQuestionsFor(round, role)) {
    if (!Object.prototype.hasOwnProperty.call(request.answers, question.id))
      errors.push(fieldError(`answers.${question.id}`, 'isDefined', 'is required (answer "naegter_at_svare" to decline)'));
  }
  if (request.timing !== undefined && !asksTiming(round, role))
    errors.push(fieldError('timing', 'notInRound', 'is not asked in this round'));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { role, department: request.department ?? null, answers, timing: request.timing ?? null } };
}
