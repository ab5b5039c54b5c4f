import { containsCprNumber, validationRules } from '@tillidsbarometer/domain';

/**
 * The survey requests' own field rules, made with libs/domain's `rule` like every other request's: the message carries
 * the rule's name and its wording, never the value, and the field's JSON Schema goes to the OpenAPI document.
 */
type PropertyDecorator = (target: object, propertyKey: string) => void;
const { rule } = validationRules;

const required = { rule: 'isDefined', text: 'is required' };

/** A short text a kommune's leader writes (a round's title): printable, no line breaks, never a CPR number. */
export function Title(maxLength: number, description: string): PropertyDecorator {
  return rule(
    'isTitle',
    (value) => {
      if (value === undefined || value === null) return required;
      if (typeof value !== 'string') return { rule: 'isString', text: 'must be a string' };
      const trimmed = value.trim();
      if (trimmed.length === 0 || value.length > maxLength) return { rule: 'length', text: `must be 1-${maxLength} characters` };
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f]/.test(value))
        return { rule: 'printable', text: 'must not contain control characters or line breaks' };
      if (containsCprNumber(value)) return { rule: 'noCprNumber', text: 'must not contain a CPR number' };
      return undefined;
    },
    { type: 'string', minLength: 1, maxLength, description },
  );
}

/** A list of distinct members of a closed set, at least one. */
export function MemberList(values: readonly string[], description: string): PropertyDecorator {
  const allowed = new Set(values);
  return rule(
    'isList',
    (value) => {
      if (value === undefined || value === null) return required;
      if (!Array.isArray(value) || value.length === 0) return { rule: 'isArray', text: 'must be a non-empty array' };
      if (value.some((item) => typeof item !== 'string' || !allowed.has(item)))
        return { rule: 'isIn', text: `must hold only ${values.join(', ')}` };
      if (new Set(value).size !== value.length) return { rule: 'unique', text: 'must not name a value twice' };
      return undefined;
    },
    { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...values] }, description },
  );
}

/** A whole number from min to max, or an object giving one per key of `keys`. */
export function CountPerKey(keys: readonly string[], min: number, max: number, description: string): PropertyDecorator {
  const count = { type: 'integer', minimum: min, maximum: max };
  const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  return rule(
    'isCountPerKey',
    (value) => {
      if (value === undefined || value === null) return required;
      if (typeof value === 'number')
        return isCount(value) ? undefined : { rule: 'isInt', text: `must be a whole number from ${min} to ${max}` };
      if (typeof value !== 'object' || Array.isArray(value))
        return { rule: 'isCountPerKey', text: `must be a whole number or an object {${keys.join(', ')}} of whole numbers` };
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 || entries.some(([key]) => !keys.includes(key)))
        return { rule: 'isCountPerKey', text: `must name only ${keys.join(', ')}` };
      if (entries.some(([, item]) => !isCount(item))) return { rule: 'isInt', text: `must give whole numbers from ${min} to ${max}` };
      return undefined;
    },
    {
      oneOf: [count, { type: 'object', properties: Object.fromEntries(keys.map((key) => [key, count])), additionalProperties: false }],
      description,
    },
  );
}

/** A JSON object (its entries are checked by rules that need more context). */
export function PlainObject(schema: Record<string, unknown>): PropertyDecorator {
  return rule(
    'isObject',
    (value) =>
      value === undefined || value === null
        ? required
        : typeof value === 'object' && !Array.isArray(value)
          ? undefined
          : { rule: 'isObject', text: 'must be an object' },
    { type: 'object', ...schema },
  );
}
