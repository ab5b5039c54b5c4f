import { BadRequestException } from '@nestjs/common';
import { DEPARTMENTS, fieldError, type FieldError } from '@tillidsbarometer/domain';

/**
 * Reads a request's query string by explicit rules, so that a bad parameter is a 400 naming the parameter and
 * the rule it broke (CONTRACT.md: never a 500 for bad input), and an unknown one is refused, not ignored.
 */
export class QueryParameters {
  private readonly errors: FieldError[] = [];

  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(query)) {
      if (!allowed.includes(key))
        this.errors.push(fieldError(key, 'unknownField', `is not a parameter of this endpoint (allowed: ${allowed.join(', ')})`));
    }
  }

  /** An ISO-8601 timestamp with a time zone designator (Z or an offset). */
  timestamp(name: string): Date | undefined {
    const value = this.single(name);
    if (value === undefined) return undefined;
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
    const time = Date.parse(value);
    if (!iso.test(value) || Number.isNaN(time)) {
      this.errors.push(fieldError(name, 'isTimestamp', 'must be an ISO-8601 timestamp with an offset, e.g. 2026-03-01T00:00:00Z'));
      return undefined;
    }
    return new Date(time);
  }

  oneOf<T extends string | number>(name: string, values: readonly T[]): T | undefined {
    const value = this.single(name);
    if (value === undefined) return undefined;
    const match = values.find((candidate) => String(candidate) === value);
    if (match === undefined) this.errors.push(fieldError(name, 'isIn', `must be one of ${values.join(', ')}`));
    return match;
  }

  department(): string | undefined {
    return this.oneOf('department', DEPARTMENTS);
  }

  /** Throws the 400 with every broken rule, or returns when there is none. */
  check(): void {
    if (this.errors.length > 0) {
      throw new BadRequestException({ message: this.errors.map((e) => e.message).join('; '), errors: this.errors });
    }
  }

  addError(error: FieldError): void {
    this.errors.push(error);
  }

  private single(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') {
      this.errors.push(fieldError(name, 'single', 'must be given once'));
      return undefined;
    }
    return value;
  }
}
