import { fieldError, type FieldError } from '../validation/field-error';
import { validatePlain } from '../validation/validate-plain';
import { DeadlineRequest } from './deadline.request';

export interface Deadline {
  area: string;
  days: number;
  /** ISO-8601 UTC. */
  effectiveFrom: string;
}

/** A kommune publishes processing deadlines: one event per PUT that adds something new. */
export interface DeadlinesPublished {
  type: 'DeadlinesPublished';
  data: { kommune: string; deadlines: Deadline[] };
}

export const DEADLINE_DAY_MS = 86_400_000;
export const MAX_DEADLINES_PER_REQUEST = 500;

/** One stream per kommune for its configuration (deadlines today). */
export function kommuneConfigStreamName(kommune: string): string {
  return `kommune-config-${kommune}`;
}

export type DeadlinesValidation = { ok: true; deadlines: Deadline[] } | { ok: false; errors: FieldError[] };

/** Checks a PUT body: an array of 1-500 `{area, days, effectiveFrom}`, no unknown fields, no two equal keys. */
export function validateDeadlinesRequest(body: unknown): DeadlinesValidation {
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_DEADLINES_PER_REQUEST) {
    return {
      ok: false,
      errors: [fieldError('body', 'isArray', `must be an array of 1-${MAX_DEADLINES_PER_REQUEST} deadlines {area, days, effectiveFrom}`)],
    };
  }
  const errors: FieldError[] = [];
  const deadlines: Deadline[] = [];
  const keys = new Set<string>();
  body.forEach((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push(fieldError(`[${index}]`, 'isObject', 'must be an object {area, days, effectiveFrom}'));
      return;
    }
    const { instance: request, errors: itemErrors } = validatePlain(DeadlineRequest, item as Record<string, unknown>, {
      prefix: `[${index}]`,
    });
    if (itemErrors.length > 0) return void errors.push(...itemErrors);
    const deadline = { area: request.area, days: request.days, effectiveFrom: new Date(request.effectiveFrom).toISOString() };
    const key = `${deadline.area}@${deadline.effectiveFrom}`;
    if (keys.has(key))
      return void errors.push(
        fieldError(`[${index}]`, 'uniqueInRequest', 'repeats an area and effectiveFrom given earlier in this request'),
      );
    keys.add(key);
    deadlines.push(deadline);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, deadlines };
}

/**
 * The deadlines of a kommune over time, from its DeadlinesPublished events in order. A later publication of
 * the same area and effectiveFrom corrects the earlier one (the history keeps both).
 */
export class DeadlineHistory {
  private readonly byArea = new Map<string, Map<string, Deadline & { publishedAt: string }>>();
  readonly publications: Array<Deadline & { publishedAt: string }> = [];

  apply(event: DeadlinesPublished, publishedAt: string): void {
    for (const deadline of event.data.deadlines) {
      const entries = this.byArea.get(deadline.area) ?? new Map<string, Deadline & { publishedAt: string }>();
      this.byArea.set(deadline.area, entries);
      entries.set(deadline.effectiveFrom, { ...deadline, publishedAt });
      this.publications.push({ ...deadline, publishedAt });
    }
  }

  /** The entries of a request that would change nothing (same area, effectiveFrom and days) are left out. */
  newEntries(deadlines: readonly Deadline[]): Deadline[] {
    return deadlines.filter((d) => this.byArea.get(d.area)?.get(d.effectiveFrom)?.days !== d.days);
  }

  /** The deadline in force for `area` at `at` (a case's receivedAt): the latest effectiveFrom at or before it. */
  inForce(area: string, at: string): Deadline | undefined {
    const time = Date.parse(at);
    let best: Deadline | undefined;
    for (const entry of this.byArea.get(area)?.values() ?? []) {
      if (Date.parse(entry.effectiveFrom) <= time && (!best || Date.parse(entry.effectiveFrom) > Date.parse(best.effectiveFrom))) {
        best = { area: entry.area, days: entry.days, effectiveFrom: entry.effectiveFrom };
      }
    }
    return best;
  }

  /** Every area's deadline in force at `at`. */
  allInForce(at: string): Deadline[] {
    return [...this.byArea.keys()]
      .sort()
      .map((area) => this.inForce(area, at))
      .filter((deadline): deadline is Deadline => deadline !== undefined);
  }
}

/** deadlineAt = receivedAt + days × 86,400 s (CONTRACT.md: durations in days are exact multiples of a day). */
export function deadlineAt(receivedAt: string, days: number): string {
  return new Date(Date.parse(receivedAt) + days * DEADLINE_DAY_MS).toISOString();
}
