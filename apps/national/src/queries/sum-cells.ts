import type { SnapshotFigureKind } from '@tillidsbarometer/domain';
import { median } from '@tillidsbarometer/indicators';
import { ci95Of, RATE_SCALE, type LatestCell } from './latest-cells';

/**
 * The national figure of one indicator (CONTRACT.md section 8): Σ numerators / Σ denominators of the kommuner's
 * whole-kommune cells. Those carry the publisher's totals, computed before the departments were suppressed, so the
 * suppressed department cells are in the sum without ever having left their kommune. A whole-kommune cell that was
 * itself under the threshold is suppressed at the source and cannot be counted: `kommunerSuppressed` says how many.
 */
export interface NationalFigure {
  kind: SnapshotFigureKind;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  ci95?: [number, number] | null;
  count?: number | null;
  withNotice?: number | null;
  withoutNotice?: number | null;
  n?: number;
  /** Distributions: a national median cannot be made from published medians; this is the median of the kommuner's. */
  medianOfKommuneMedians?: number | null;
  kommunerIncluded: number;
  kommunerSuppressed: number;
}

export function sumCells(indicator: string, kind: SnapshotFigureKind, cells: readonly LatestCell[]): NationalFigure {
  const published = cells.filter((cell) => !cell.suppressed);
  const kommunerSuppressed = cells.length - published.length;
  if (kind === 'distribution') {
    const medians = published.map((cell) => cell.median!);
    return {
      kind,
      value: null,
      numerator: null,
      denominator: null,
      n: published.reduce((sum, cell) => sum + cell.n!, 0),
      medianOfKommuneMedians: medians.length > 0 ? median(medians) : null,
      kommunerIncluded: published.length,
      kommunerSuppressed,
    };
  }
  const numerator = published.reduce((sum, cell) => sum + cell.numerator!, 0);
  const denominator = published.reduce((sum, cell) => sum + cell.denominator!, 0);
  const scale = kind === 'rate' ? (RATE_SCALE[indicator] ?? 1) : 1;
  const figure: NationalFigure = {
    kind,
    value: denominator > 0 ? (scale * numerator) / denominator : null,
    numerator,
    denominator,
    kommunerIncluded: published.length,
    kommunerSuppressed,
  };
  if (kind === 'proportion' || kind === 'count_proportion') figure.ci95 = ci95Of({ kind, numerator, denominator });
  if (kind === 'count_proportion') {
    figure.count = numerator;
    // The split by notice travels only where both parts reach 3: a national split over some kommuner would be a
    // different population from the count's, so it is given only when every kommune counted published it.
    const split = published.every((cell) => cell.withNotice !== null);
    figure.withNotice = split ? published.reduce((sum, cell) => sum + cell.withNotice!, 0) : null;
    figure.withoutNotice = split ? published.reduce((sum, cell) => sum + cell.withoutNotice!, 0) : null;
  }
  return figure;
}
