import { requireAtLeast, requireFinite } from './argument-checks';

/** The two-sided 95 % point of the standard normal, to the precision CONTRACT.md fixes for every interval. */
export const Z_95 = 1.959964;

/**
 * The Wilson score interval for a proportion numerator / denominator. Chosen over the Wald interval because it
 * stays inside [0, 1] and keeps its coverage for the small denominators of a single kommune or department,
 * including 0 of n and n of n (Newcombe 1998, Statistics in Medicine 17:857–872, method 3).
 * Wilson (1927): (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n), p = numerator / denominator.
 *
 * Null when the denominator is 0: there is no proportion to bound. Numerator and denominator need not be integers
 * (a caller may weight), only finite with 0 <= numerator <= denominator.
 */
export function wilsonInterval(numerator: number, denominator: number, z: number = Z_95): [number, number] | null {
  requireAtLeast('denominator', denominator, 0);
  requireAtLeast('numerator', numerator, 0);
  if (numerator > denominator) throw new RangeError(`numerator (${numerator}) must not exceed denominator (${denominator})`);
  requireFinite('z', z);
  if (z <= 0) throw new RangeError(`z must be positive, got ${z}`);
  if (denominator === 0) return null;

  const n = denominator;
  const p = numerator / n;
  const zSquared = z * z;
  const centre = p + zSquared / (2 * n);
  const halfWidth = z * Math.sqrt((p * (1 - p)) / n + zSquared / (4 * n * n));
  const scale = 1 + zSquared / n;
  // At 0 of n the lower bound is exactly 0, at n of n the upper bound exactly 1 (centre and halfWidth are equal
  // in exact arithmetic); rounding would leave -1e-17 or 0.9999999999999999 there, so those are set exactly.
  const lower = numerator === 0 ? 0 : Math.max(0, (centre - halfWidth) / scale);
  const upper = numerator === denominator ? 1 : Math.min(1, (centre + halfWidth) / scale);
  return [lower, upper];
}
