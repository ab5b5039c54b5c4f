import { BadRequestException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { fieldError, isKommuneCode, validatePlain, type FieldError } from '@tillidsbarometer/domain';

/**
 * A JSON object body checked by its class's rules (the project's one way: libs/domain validatePlain, unknown
 * fields refused, nothing converted): 400 when it is not an object, 422 naming every broken field and rule.
 */
export function validBody<T extends object>(type: new () => T, body: unknown, check: (value: T) => FieldError[] = () => []): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('the body must be a JSON object');
  const { instance, errors } = validatePlain(type, body as Record<string, unknown>);
  const all = errors.length > 0 ? errors : check(instance);
  if (all.length > 0) throw new UnprocessableEntityException({ message: all.map((e) => e.message).join('; '), errors: all });
  return instance;
}

export function unprocessable(errors: FieldError[]): UnprocessableEntityException {
  return new UnprocessableEntityException({ message: errors.map((e) => e.message).join('; '), errors });
}

export { fieldError };

/** Ids in paths are UUIDs: anything else is no resource here. */
export function assertUuid(id: string, what: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundException(`no ${what} has id ${id}`);
}

export function assertKnownKommune(kommune: string): void {
  if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
}
