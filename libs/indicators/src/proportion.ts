import { wilsonInterval } from './wilson-interval';

/** A proportion as the API answers it (CONTRACT.md section 3). */
export interface Proportion {
  /** numerator / denominator, unrounded; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** The Wilson score interval at z = 1.959964; null when the denominator is 0. */
  ci95: [number, number] | null;
}

/** Throws RangeError unless 0 <= numerator <= denominator, both finite (the checks of wilsonInterval). */
export function proportion(numerator: number, denominator: number): Proportion {
  const ci95 = wilsonInterval(numerator, denominator);
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator, ci95 };
}
