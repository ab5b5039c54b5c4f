import type { Distribution, Proportion, Rate } from './types';

/** CONTRACT.md section 3: intervals are Wilson score intervals with this z. */
export const WILSON_Z = 1.959964;

/** The Wilson score interval of `successes` out of `trials` (trials > 0), kept inside [0, 1]. */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  const p = successes / trials;
  const z2 = WILSON_Z * WILSON_Z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (WILSON_Z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}

/** A proportion: value and interval null when the denominator is 0. */
export function proportion(numerator: number, denominator: number): Proportion {
  if (denominator === 0) return { value: null, numerator, denominator, ci95: null };
  return { value: numerator / denominator, numerator, denominator, ci95: wilsonInterval(numerator, denominator) };
}

/** A rate: `value = scale × numerator / denominator`, null when the denominator is 0. */
export function rate(numerator: number, denominator: number, scale = 1): Rate {
  return { value: denominator === 0 ? null : (scale * numerator) / denominator, numerator, denominator };
}

/** The p-quantile (0..1) of ascending values by linear interpolation between closest ranks (R type 7). */
export function percentileType7(ascending: readonly number[], p: number): number | null {
  const n = ascending.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lowerIndex = Math.floor(h);
  const upperIndex = Math.min(lowerIndex + 1, n - 1);
  const lower = ascending[lowerIndex] as number;
  const upper = ascending[upperIndex] as number;
  return lower + (h - lowerIndex) * (upper - lower);
}

/** `{n, median, p90}` of the values, figures null when there are none. */
export function distribution(values: readonly number[]): Distribution {
  const ascending = [...values].sort((a, b) => a - b);
  return { n: ascending.length, median: percentileType7(ascending, 0.5), p90: percentileType7(ascending, 0.9) };
}
