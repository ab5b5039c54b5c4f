import { fieldError, type FieldError } from '../validation/field-error';
import { validatePlain } from '../validation/validate-plain';
import { CASE_EVENT_DATA, CASE_EVENT_REQUESTS, type CaseEventRequest } from './case-event.requests';
import { CASE_EVENT_TYPES, type CaseEventType } from './case-events';

/** How far in the future `occurredAt` may be (clocks differ): CONTRACT.md section 1. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type CaseEventValidation = { ok: true; request: CaseEventRequest } | { ok: false; errors: FieldError[] };

/**
 * Checks one event of a request body against CONTRACT.md section 1: its type, every field and rule of its
 * type, no unknown fields, `occurredAt` at most 5 minutes after `now`. Nothing is converted: a number
 * where a string belongs is an error, not a string.
 */
export function validateCaseEventRequest(body: unknown, now: Date): CaseEventValidation {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [fieldError('event', 'isObject', 'must be a JSON object')] };
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !(CASE_EVENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, errors: [fieldError('type', 'isIn', `must be one of ${CASE_EVENT_TYPES.join(', ')}`)] };
  }
  const { instance: request, errors } = validatePlain<CaseEventRequest>(
    CASE_EVENT_REQUESTS[type as CaseEventType],
    body as Record<string, unknown>,
    {
      nested: { data: CASE_EVENT_DATA[type as CaseEventType] },
    },
  );
  if (!errors.some((error) => error.field === 'occurredAt') && Date.parse(request.occurredAt) > now.getTime() + MAX_CLOCK_SKEW_MS) {
    errors.push(fieldError('occurredAt', 'notInFuture', 'must not be more than 5 minutes in the future'));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}
