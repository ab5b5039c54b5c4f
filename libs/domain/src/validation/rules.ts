import { Type } from 'class-transformer';
import { ValidateBy, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { containsCprNumber } from '../cpr';
import { isKommuneCode } from '../kommuner/kommune-registry';
import { RULE_SEPARATOR } from './field-error';

/**
 * The field rules of every request body, each once: one class-validator constraint per field (every
 * constraint costs on each of thousands of events a second), its message (the rule in words; the field's
 * path is put in front when errors are reported) and its JSON Schema for the OpenAPI document
 * (class-validator-jsonschema reads it). Values are never echoed in messages: a rejected identifier may be a
 * personal one.
 */
type PropertyDecorator = (target: object, propertyKey: string) => void;

/** What a value breaks: the rule's name and its wording, or undefined when it keeps the rule. */
export type Check = (value: unknown) => { rule: string; text: string } | undefined;

/**
 * One field rule: a class-validator constraint whose message carries the rule's name (before RULE_SEPARATOR) and its
 * wording, never the value, plus the field's JSON Schema for the OpenAPI document. Every request class of the
 * product is made of these (the survey requests' own rules too).
 */
export function rule(name: string, check: Check, schema: Record<string, unknown>): PropertyDecorator {
  return (target, key) => {
    ValidateBy({
      // Prefixed: class-validator-jsonschema converts built-in names (matches, isIn, ...) its own way.
      name: `tillid:${name}`,
      validator: {
        validate: (value: unknown) => check(value) === undefined,
        defaultMessage: (args) => {
          const broken = check(args?.value);
          return broken ? `${broken.rule}${RULE_SEPARATOR}${broken.text}` : `${name}${RULE_SEPARATOR}is invalid`;
        },
      },
    })(target, key);
    JSONSchema(schema)(target, key);
  };
}

const required = { rule: 'isDefined', text: 'is required' };
const notString = { rule: 'isString', text: 'must be a string' };

/** A required string that must match a pattern. */
function stringMatching(
  pattern: RegExp,
  ruleName: string,
  text: string,
  extra?: (value: string) => { rule: string; text: string } | undefined,
): Check {
  return (value) => {
    if (value === undefined || value === null) return required;
    if (typeof value !== 'string') return notString;
    if (!pattern.test(value)) return { rule: ruleName, text };
    return extra?.(value);
  };
}

const ISO_TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
const RAW_PERSON_ID = /^[\x21-\x7e]{1,128}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP_TEXT = 'must be an ISO-8601 timestamp with offset, e.g. 2026-03-02T09:30:00+01:00';
const IDENTIFIER_TEXT = 'must be 1-64 characters of letters, digits and ._:-';

export function OneOf(values: readonly string[], description?: string): PropertyDecorator {
  const allowed = new Set(values);
  const text = `must be one of ${values.join(', ')}`;
  return rule(
    'isIn',
    (value) => (value === undefined || value === null ? required : allowed.has(value as string) ? undefined : { rule: 'isIn', text }),
    { type: 'string', enum: [...values], ...(description ? { description } : {}) },
  );
}

export function Uuid(description: string): PropertyDecorator {
  return rule('isUuid', stringMatching(UUID, 'isUuid', 'must be a UUID'), { type: 'string', format: 'uuid', description });
}

/** An ISO-8601 timestamp with an offset (Z or ±hh:mm) that names a real moment. */
export function Timestamp(description: string): PropertyDecorator {
  const check = stringMatching(ISO_TIMESTAMP_WITH_OFFSET, 'isTimestampWithOffset', TIMESTAMP_TEXT, (value) =>
    isRealMoment(value) ? undefined : { rule: 'isTimestampWithOffset', text: TIMESTAMP_TEXT },
  );
  return rule('isTimestampWithOffset', check, { type: 'string', format: 'date-time', description });
}

/** A calendar date YYYY-MM-DD that exists. */
export function CalendarDate(description: string): PropertyDecorator {
  const text = 'must be a calendar date YYYY-MM-DD';
  const check = stringMatching(CALENDAR_DATE, 'isCalendarDate', text, (value) =>
    isRealDate(value) ? undefined : { rule: 'isCalendarDate', text },
  );
  return rule('isCalendarDate', check, { type: 'string', format: 'date', description });
}

/** An id from the case system: 1-64 characters of letters, digits and ._:- */
export function Identifier(description: string): PropertyDecorator {
  return rule('matches', stringMatching(IDENTIFIER, 'matches', IDENTIFIER_TEXT), {
    type: 'string',
    pattern: IDENTIFIER.source,
    description,
  });
}

/** The case system's case number: an identifier that must not contain a CPR number. */
export function CaseNumber(description: string): PropertyDecorator {
  const check = stringMatching(IDENTIFIER, 'matches', IDENTIFIER_TEXT, (value) =>
    containsCprNumber(value) ? { rule: 'noCprNumber', text: 'must not contain a CPR number' } : undefined,
  );
  return rule('caseNumber', check, { type: 'string', pattern: IDENTIFIER.source, description });
}

/** A raw person identifier (a CPR number, a staff id): accepted only to be pseudonymised at once. */
export function PersonIdentifier(description: string): PropertyDecorator {
  return rule('matches', stringMatching(RAW_PERSON_ID, 'matches', 'must be 1-128 printable characters without spaces'), {
    type: 'string',
    minLength: 1,
    maxLength: 128,
    description,
  });
}

export function KommuneCode(description: string): PropertyDecorator {
  const text = 'must be one of the 98 kommune codes (e.g. "101")';
  return rule(
    'isKommuneCode',
    (value) => (value === undefined || value === null ? required : isKommuneCode(value) ? undefined : { rule: 'isKommuneCode', text }),
    { type: 'string', pattern: '^\\d{3}$', description },
  );
}

export function Flag(description: string): PropertyDecorator {
  return rule(
    'isBoolean',
    (value) =>
      value === undefined || value === null
        ? required
        : typeof value === 'boolean'
          ? undefined
          : { rule: 'isBoolean', text: 'must be true or false' },
    { type: 'boolean', description },
  );
}

export function WholeNumber(min: number, max: number, description: string): PropertyDecorator {
  const broken = { rule: 'isInt', text: `must be a whole number from ${min} to ${max}` };
  return rule(
    'isInt',
    (value) =>
      value === undefined || value === null
        ? required
        : Number.isInteger(value) && (value as number) >= min && (value as number) <= max
          ? undefined
          : broken,
    { type: 'integer', minimum: min, maximum: max, description },
  );
}

/** An object validated by its own class (its `$ref` in the OpenAPI document comes from @Type). */
export function Nested(type: () => new () => object, description: string): PropertyDecorator {
  return (target, key) => {
    rule(
      'isObject',
      (value) =>
        value === undefined || value === null
          ? required
          : typeof value === 'object' && !Array.isArray(value)
            ? undefined
            : { rule: 'isObject', text: 'must be an object' },
      { description },
    )(target, key);
    ValidateNested()(target, key);
    (Type(type) as PropertyDecorator)(target, key);
  };
}

function isRealMoment(text: string): boolean {
  // Date.parse rolls 2026-02-30 over to March: the date part must also be a real date.
  return !Number.isNaN(Date.parse(text)) && isRealDate(text.slice(0, 10));
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
