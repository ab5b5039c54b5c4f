import { validateSync } from 'class-validator';
import { fieldError, flattenValidationErrors, type FieldError } from './field-error';

/**
 * Validates a plain object (parsed JSON) against the class that carries its rules, with `nested` naming the
 * classes of object-valued properties. Nothing is converted, unknown fields are refused. This is the hot
 * path of every event, so the object's own properties are put on an instance directly instead of through
 * class-transformer's plainToInstance (which copies deeply and runs every transformation).
 */
export function validatePlain<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
  options: { prefix?: string; nested?: Record<string, new () => object> } = {},
): { instance: T; errors: FieldError[] } {
  const at = (key: string) => (options.prefix ? `${options.prefix}.${key}` : key);
  const shadowing: FieldError[] = shadowingKeys(plain).map((key) => fieldError(at(key), 'unknownField', 'is not allowed: unknown field'));
  for (const key of Object.keys(options.nested ?? {})) {
    const value = plain[key];
    if (isPlainObjectLike(value))
      shadowing.push(
        ...shadowingKeys(value).map((inner) => fieldError(at(`${key}.${inner}`), 'unknownField', 'is not allowed: unknown field')),
      );
  }
  const instance = instanceOf(type, plain);
  if (shadowing.length > 0) return { instance, errors: shadowing };
  for (const [key, nestedType] of Object.entries(options.nested ?? {})) {
    const value = plain[key];
    if (isPlainObjectLike(value)) (instance as Record<string, unknown>)[key] = instanceOf(nestedType, value);
  }
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  return { instance, errors: flattenValidationErrors(errors, options.prefix) };
}

function isPlainObjectLike(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Keys such as `constructor` or `hasOwnProperty` would shadow what the validator itself calls on the object
 * (a fuzz test found a 500 that way). None is a field of any request: they are refused as unknown fields.
 */
function shadowingKeys(value: object): string[] {
  return Object.keys(value).filter((key) => key in Object.prototype || key === 'prototype');
}

function instanceOf<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  const instance = Object.create(type.prototype) as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    Object.defineProperty(instance, key, { value: plain[key], enumerable: true, writable: true, configurable: true });
  }
  return instance as T;
}
