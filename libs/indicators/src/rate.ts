import { requireAtLeast, requireFinite } from './argument-checks';

/** A rate as the API answers it (CONTRACT.md section 3): no interval, as the contract asks for none. */
export interface Rate {
  /** scale × numerator / denominator; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
}

/**
 * scale × numerator / denominator, e.g. complaints per 100 decisions (scale 100) or caseworker changes per
 * case-year (denominator in case-years, a decimal). Unlike a proportion the numerator may exceed the denominator,
 * and a numerator above 0 over a denominator of 0 is possible (appeals in the window against decisions made before
 * it), so only signs are checked.
 */
export function rate(numerator: number, denominator: number, scale = 1): Rate {
  requireAtLeast('numerator', numerator, 0);
  requireAtLeast('denominator', denominator, 0);
  requireFinite('scale', scale);
  if (scale <= 0) throw new RangeError(`scale must be positive, got ${scale}`);
  return { value: denominator === 0 ? null : (scale * numerator) / denominator, numerator, denominator };
}
