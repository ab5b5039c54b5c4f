import { requireFinite } from './argument-checks';

/**
 * The p-quantile (0 <= p <= 1) by linear interpolation between closest ranks: Hyndman & Fan (1996), The American
 * Statistician 50:361–365, definition 7, the default of R and numpy, which CONTRACT.md fixes so that figures can be
 * checked in either. The input may be unsorted and is not changed. Throws RangeError on an empty list, a value
 * that is not a finite number, or p outside [0, 1].
 */
export function quantile(values: readonly number[], p: number): number {
  return quantileOfSorted(sortedCopy(values), p);
}

/** The 50th percentile by the same definition as quantile(): the mean of the two middle values when n is even. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** A copy sorted ascending, numerically (Array.prototype.sort compares as strings by default), after the checks. */
export function sortedCopy(values: readonly number[]): number[] {
  for (const value of values) requireFinite('every value', value);
  return [...values].sort((a, b) => a - b);
}

/** quantile() on values already sorted ascending, so that distribution() sorts once for two quantiles. */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  requireFinite('p', p);
  if (p < 0 || p > 1) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  if (sorted.length === 0) throw new RangeError('the quantile of no values is undefined');
  // Definition 7: h = (n - 1)p on 0-based ranks; interpolate between ranks floor(h) and floor(h) + 1.
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const fraction = h - below;
  const lower = sorted[below]!;
  if (fraction === 0) return lower;
  const upper = sorted[below + 1]!;
  // Interpolated from the nearer end, as numpy does: exact at both ends and never outside [lower, upper].
  return fraction < 0.5 ? lower + (upper - lower) * fraction : upper - (upper - lower) * (1 - fraction);
}
