import { requireAtLeast } from './argument-checks';
import type { Distribution } from './distribution';
import type { Proportion } from './proportion';
import type { Rate } from './rate';

/**
 * DOMAIN.md: anything that leaves the kommune (the national feed) and is built from fewer than 3 units is
 * suppressed, so that no citizen or caseworker can be recognised from a small cell. A kommune's own staff see every
 * figure unsuppressed (CONTRACT.md section 3), so these are applied only on the way out.
 */
export const MINIMUM_UNITS = 3;

/**
 * A figure as published: either whole, or with every field null, so that neither the value nor its parts
 * (numerator, denominator, interval) allow it to be reconstructed. National totals are therefore summed from the
 * unsuppressed figures before suppression, never from what is published.
 */
export type Suppressible<Figure> = (Figure & { suppressed: false }) | ({ [Field in keyof Figure]: null } & { suppressed: true });

/** Suppressed when the denominator is below the minimum (a denominator of 0 is suppressed too). */
export function suppressProportion(figure: Proportion, minimum = MINIMUM_UNITS): Suppressible<Proportion> {
  requireAtLeast('minimum', minimum, 0);
  if (figure.denominator < minimum) return { value: null, numerator: null, denominator: null, ci95: null, suppressed: true };
  return { ...figure, suppressed: false };
}

/**
 * Suppressed when the denominator is below the minimum, as CONTRACT.md section 3 says. For a denominator in
 * case-years or case-months that is a threshold on the exposure, not on the number of cases behind it.
 */
export function suppressRate(figure: Rate, minimum = MINIMUM_UNITS): Suppressible<Rate> {
  requireAtLeast('minimum', minimum, 0);
  if (figure.denominator < minimum) return { value: null, numerator: null, denominator: null, suppressed: true };
  return { ...figure, suppressed: false };
}

/** Suppressed when the count itself is below the minimum (0 included: "none" is a figure about few people too). */
export function suppressCount(count: number, minimum = MINIMUM_UNITS): Suppressible<{ value: number }> {
  requireAtLeast('count', count, 0);
  requireAtLeast('minimum', minimum, 0);
  if (count < minimum) return { value: null, suppressed: true };
  return { value: count, suppressed: false };
}

/** Suppressed when n is below the minimum: the median of one or two durations is those durations. */
export function suppressDistribution(figure: Distribution, minimum = MINIMUM_UNITS): Suppressible<Distribution> {
  requireAtLeast('minimum', minimum, 0);
  if (figure.n < minimum) return { n: null, median: null, p90: null, suppressed: true };
  return { ...figure, suppressed: false };
}
