import { requireAtLeast, requireFinite } from './argument-checks';

export interface TabularCusumDesign {
  /** The in-control mean μ0. */
  target: number;
  /** The reference value K (half the shift to detect, in the data's units). */
  k: number;
  /** The decision interval H. */
  h: number;
}

export interface TabularCusumPoint {
  /** C⁺_t = max(0, C⁺_{t−1} + x_t − (μ0 + K)): evidence of an upward shift. */
  upper: number;
  /** C⁻_t = max(0, C⁻_{t−1} + (μ0 − K) − x_t): evidence of a downward shift. */
  lower: number;
  /** N⁺: consecutive periods with C⁺ > 0; a signal at t dates the shift to just after t − N⁺. */
  upperRun: number;
  signal: 'upper' | 'lower' | null;
}

/**
 * The classic tabular CUSUM (Page 1954; Montgomery, Introduction to Statistical Quality Control, section 9.1.2):
 * C_t = max(0, C_{t−1} + x_t − k) on each side, a signal when a side exceeds h. Not reset after a signal.
 */
export function tabularCusum(values: readonly number[], design: TabularCusumDesign): TabularCusumPoint[] {
  requireFinite('target', design.target);
  requireAtLeast('k', design.k, 0);
  requireAtLeast('h', design.h, 0);
  let upper = 0;
  let lower = 0;
  let upperRun = 0;
  return values.map((x, index) => {
    requireFinite(`values[${index}]`, x);
    upper = Math.max(0, upper + x - (design.target + design.k));
    lower = Math.max(0, lower + (design.target - design.k) - x);
    upperRun = upper > 0 ? upperRun + 1 : 0;
    const signal = upper > design.h ? 'upper' : lower > design.h ? 'lower' : null;
    return { upper, lower, upperRun, signal };
  });
}
