// Bad input to a statistic is a bug in the caller, not an expected outcome, so it throws (RangeError) instead
// of quietly producing NaN that would travel into an answer or a warning.

export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

export function requireAtLeast(name: string, value: number, minimum: number): void {
  requireFinite(name, value);
  if (value < minimum) throw new RangeError(`${name} must be at least ${minimum}, got ${value}`);
}

/** A probability strictly inside (0, 1): the quantile functions are infinite at 0 and 1. */
export function requireOpenProbability(name: string, p: number): void {
  requireFinite(name, p);
  if (p <= 0 || p >= 1) throw new RangeError(`${name} must be strictly between 0 and 1, got ${p}`);
}
