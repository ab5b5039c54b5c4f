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

/**
 * Secondary (complementary) suppression of one row of cells that add up to a total which is published: a
 * kommune's five department cells under its whole-kommune cell. With exactly one cell suppressed, the total
 * minus the published cells would give it back, so the smallest published cell is suppressed too; and while the
 * suppressed cells together hold fewer than `minimum` units, their sum (which the total still reveals) would be
 * a small cell of its own, so the next smallest follows. The numerators of the row are protected with the
 * denominators, because a cell is always suppressed whole.
 *
 * `sizes` are the units behind each cell (a denominator, an n, a count); `primary` says which cells the primary
 * rule suppressed. Returns the cells to suppress, primary and secondary; ties go to the earlier cell.
 * A total that is itself below the minimum is the caller's to suppress: then every cell is below it too.
 */
export function secondarySuppression(sizes: readonly number[], primary: readonly boolean[], minimum = MINIMUM_UNITS): boolean[] {
  if (sizes.length !== primary.length) throw new RangeError(`sizes and primary must be as long, got ${sizes.length} and ${primary.length}`);
  sizes.forEach((size) => requireAtLeast('every size', size, 0));
  requireAtLeast('minimum', minimum, 0);
  const suppressed = [...primary];
  const held = () => sizes.reduce((sum, size, i) => (suppressed[i] ? sum + size : sum), 0);
  const count = () => suppressed.filter(Boolean).length;
  while (count() > 0 && count() < sizes.length && (count() === 1 || held() < minimum)) {
    let smallest = -1;
    sizes.forEach((size, i) => {
      if (!suppressed[i] && (smallest === -1 || size < sizes[smallest]!)) smallest = i;
    });
    suppressed[smallest] = true;
  }
  return suppressed;
}
