import type { ValidationError } from 'class-validator';

/** One broken rule: where (a path such as `data.outcome`), which rule, and a sentence that says both. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export function fieldError(field: string, rule: string, text: string): FieldError {
  return { field, rule, message: `${field} ${text}` };
}

/** A constraint's message carries the rule it broke before this separator (see rules.ts). */
export const RULE_SEPARATOR = '\u001f';

/** class-validator's nested errors as a flat list of field errors with full paths. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    for (const [name, message] of constraints) {
      if (name === 'whitelistValidation') flat.push(fieldError(field, 'unknownField', 'is not allowed: unknown field'));
      // A non-object where an object belongs: its own rule says so already.
      else if (name === 'nestedValidation') continue;
      else {
        const [rule, text] = message.includes(RULE_SEPARATOR) ? message.split(RULE_SEPARATOR) : [name, message];
        flat.push(fieldError(field, rule!, text!));
      }
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}
