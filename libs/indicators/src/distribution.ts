import { quantileOfSorted, sortedCopy } from './quantile';

/** A distribution as the API answers it (CONTRACT.md section 3), e.g. time to decision in days. */
export interface Distribution {
  n: number;
  /** Null when n is 0: an empty window has no median, and 0 days would be a false figure. */
  median: number | null;
  p90: number | null;
}

/** n, median and 90th percentile (R type 7, see quantile()). The input may be unsorted and is not changed. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = sortedCopy(values);
  if (sorted.length === 0) return { n: 0, median: null, p90: null };
  return { n: sorted.length, median: quantileOfSorted(sorted, 0.5), p90: quantileOfSorted(sorted, 0.9) };
}
