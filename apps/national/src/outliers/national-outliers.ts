import { FUNNEL_Z_998, funnelAnalysis, type FunnelAnalysis } from '@tillidsbarometer/indicators';

/** CONTRACT.md section 5: the indicators NATIONAL_OUTLIER watches. */
export const OUTLIER_INDICATORS = ['timely_decisions', 'late_help_start', 'appeal_reversal_rate'] as const;
export type OutlierIndicator = (typeof OUTLIER_INDICATORS)[number];

/** Which side is the bad one: fewer timely decisions, more late help starts, more decisions reversed on appeal. */
export const WORSE_SIDE: Record<OutlierIndicator, 'above' | 'below'> = {
  timely_decisions: 'below',
  late_help_start: 'above',
  appeal_reversal_rate: 'above',
};

export interface KommuneProportion {
  kommune: string;
  numerator: number;
  denominator: number;
}

export interface Outlier {
  kommune: string;
  indicator: OutlierIndicator;
  side: 'above' | 'below';
  details: Record<string, unknown>;
}

/**
 * The kommuner outside the 99.8 % over-dispersion-adjusted funnel limits around the national rate, on either side
 * (the side that is worse for citizens is marked). An indicator with too few kommuner for a funnel (fewer than two
 * published, or a national rate of 0 or 1) has none.
 */
export function nationalOutliers(
  indicator: OutlierIndicator,
  window: number,
  units: readonly KommuneProportion[],
  winsorisation: number,
): Outlier[] {
  let analysis: FunnelAnalysis;
  try {
    analysis = funnelAnalysis(units, { winsorisation });
  } catch {
    return [];
  }
  const outliers: Outlier[] = [];
  units.forEach((unit, i) => {
    const point = analysis.points[i];
    if (!point || point.outside998 === null) return;
    outliers.push({
      kommune: unit.kommune,
      indicator,
      side: point.outside998,
      details: {
        indicator,
        window,
        rate: point.rate,
        numerator: point.numerator,
        denominator: point.denominator,
        target: analysis.target,
        zAdjusted: point.zAdjusted,
        limits998: point.limits998,
        limits95: point.limits95,
        direction: point.outside998,
        worse: point.outside998 === WORSE_SIDE[indicator],
        phi: analysis.phi,
        tau2: analysis.tau2,
        kommunerInFunnel: analysis.units,
      },
    });
  });
  return outliers;
}

/** The parameters every NATIONAL_OUTLIER names, and the false-alarm rate they imply. */
export function outlierParameters(window: number, winsorisation: number): Record<string, number | string> {
  return {
    window,
    limit: 0.998,
    z: FUNNEL_Z_998,
    winsorisation,
    overdispersion: 'additive_random_effects',
    // Two-sided 0.2 % per kommune and indicator when the kommune is in control: over 98 kommuner × 3 indicators
    // about 0.59 false signals per evaluation of the whole country.
    falseAlarmRatePerKommune: 0.002,
  };
}
