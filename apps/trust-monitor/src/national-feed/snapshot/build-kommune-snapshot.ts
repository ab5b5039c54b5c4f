import {
  DEPARTMENTS,
  KOMMUNE_SNAPSHOT_SCHEMA,
  SNAPSHOT_INDICATOR_IDS,
  SNAPSHOT_INDICATOR_KINDS,
  SNAPSHOT_THRESHOLDS,
  SNAPSHOT_TREND_INDICATORS,
  SNAPSHOT_WINDOWS,
  type Department,
  type KommuneSnapshot,
  type SnapshotCell,
  type SnapshotFigure,
  type SnapshotIndicatorId,
  type SnapshotMeasurement,
  type SnapshotReason,
  type SnapshotTrendCell,
  type SnapshotWarning,
  type SnapshotWindow,
} from '@tillidsbarometer/domain';
import { secondarySuppression, type Distribution, type Proportion, type Rate } from '@tillidsbarometer/indicators';
import type { Indicator, IndicatorId, OverdueOpenRequests } from '../../indicators/indicator-queries';

/** The kommune's own figures of one window and one department (null: the whole kommune), unsuppressed. */
export interface RawCell {
  window: SnapshotWindow;
  department: Department | null;
  indicators: Partial<Record<IndicatorId, Indicator>>;
  /**
   * The cases behind the case-day exposure of the per-case rates (cases open at some time in the window): a
   * denominator in case-years can pass 3 with two cases, so the rates also need 3 cases behind them.
   */
  casesOpenInWindow: number;
}

export interface RawTrendPoint {
  at: Date;
  window: SnapshotWindow;
  indicators: Partial<Record<IndicatorId, Indicator>>;
}

export interface SnapshotFacts {
  snapshotId: string;
  kommune: string;
  reason: SnapshotReason;
  asOf: Date;
  computedAt: Date;
  /** Every window × (whole kommune and each department). */
  cells: readonly RawCell[];
  trend: readonly RawTrendPoint[];
  /** Already suppressed by their own rules (survey cells under 5): see measurement-results.ts. */
  measurements: readonly SnapshotMeasurement[];
  warnings: readonly SnapshotWarning[];
}

const RATES_OVER_CASE_DAYS: readonly SnapshotIndicatorId[] = ['caseworker_changes_per_case_year', 'personal_contacts_per_case_month'];

/**
 * The snapshot as it leaves the kommune: every cell of `facts`, suppressed by DOMAIN.md's rules (primary: fewer
 * than 3 units; secondary: no department cell can be recomputed from the whole-kommune cell and the published
 * departments). The whole-kommune cells keep their totals, computed before any department was suppressed: that is
 * how the national sum includes the suppressed departments without any of them leaving the kommune.
 */
export function buildKommuneSnapshot(facts: SnapshotFacts): KommuneSnapshot {
  const cells: SnapshotCell[] = [];
  for (const window of SNAPSHOT_WINDOWS) {
    for (const indicator of SNAPSHOT_INDICATOR_IDS) cells.push(...suppressRow(facts, indicator, window));
  }
  const trend: SnapshotTrendCell[] = [];
  for (const point of [...facts.trend].sort((a, b) => a.window - b.window || a.at.getTime() - b.at.getTime())) {
    for (const indicator of SNAPSHOT_TREND_INDICATORS) {
      const figure = point.indicators[indicator];
      if (figure === undefined) continue;
      const decided = primary(indicator, figure, null);
      trend.push({
        indicator,
        window: point.window,
        at: point.at.toISOString(),
        ...(decided.suppressed ? suppressedFigure(indicator) : publishedFigure(indicator, figure, true)),
      } as SnapshotTrendCell);
    }
  }
  return {
    schema: KOMMUNE_SNAPSHOT_SCHEMA,
    version: 1,
    snapshotId: facts.snapshotId,
    kommune: facts.kommune,
    reason: facts.reason,
    asOf: facts.asOf.toISOString(),
    computedAt: facts.computedAt.toISOString(),
    thresholds: { units: SNAPSHOT_THRESHOLDS.units, surveyAnswers: SNAPSHOT_THRESHOLDS.surveyAnswers },
    cells,
    trend,
    measurements: [...facts.measurements],
    warnings: [...facts.warnings],
  };
}

/** One indicator over one window: the whole-kommune cell and the five departments, suppressed together. */
function suppressRow(facts: SnapshotFacts, indicator: SnapshotIndicatorId, window: SnapshotWindow): SnapshotCell[] {
  const raw = (department: Department | null) => {
    const cell = facts.cells.find((c) => c.window === window && c.department === department);
    const figure = cell?.indicators[indicator];
    if (!cell || figure === undefined) throw new Error(`no ${indicator} figure for window ${window}, department ${department ?? 'all'}`);
    return { figure, cell };
  };
  const whole = raw(null);
  const wholeDecision = primary(indicator, whole.figure, whole.cell);
  const departments = DEPARTMENTS.map((department) => ({ department, ...raw(department) }));
  const decisions = departments.map(({ figure, cell }) => primary(indicator, figure, cell));
  // A whole-kommune cell under the minimum: every department is under it as well (they partition the kommune).
  const hidden = wholeDecision.suppressed
    ? departments.map(() => true)
    : secondarySuppression(
        decisions.map((d) => d.size),
        decisions.map((d) => d.suppressed),
        SNAPSHOT_THRESHOLDS.units,
      );
  const cell = (department: Department | null, figure: Indicator, suppressed: boolean): SnapshotCell =>
    ({
      indicator,
      window,
      department,
      ...(suppressed ? suppressedFigure(indicator) : publishedFigure(indicator, figure, department === null)),
    }) as SnapshotCell;
  return [
    cell(null, whole.figure, wholeDecision.suppressed),
    ...departments.map(({ department, figure }, i) => cell(department, figure, hidden[i]!)),
  ];
}

/**
 * The primary rule (DOMAIN.md): a figure built from fewer than 3 units is suppressed. `size` is how many units
 * stand behind it, for the secondary rule: a denominator, an n, or for a rate over case-days the smaller of the
 * exposure and the cases behind it.
 */
function primary(indicator: SnapshotIndicatorId, figure: Indicator, cell: RawCell | null): { suppressed: boolean; size: number } {
  const minimum = SNAPSHOT_THRESHOLDS.units;
  const kind = SNAPSHOT_INDICATOR_KINDS[indicator];
  if (kind === 'distribution') {
    const n = (figure as Distribution).n;
    return { suppressed: n < minimum, size: n };
  }
  const denominator = (figure as Proportion | Rate).denominator;
  if (kind === 'rate' && RATES_OVER_CASE_DAYS.includes(indicator)) {
    // The trend carries no rate over case-days, so a cell without its case count is a programming error.
    if (cell === null) throw new Error(`${indicator} needs the cases behind its exposure`);
    const size = Math.min(denominator, cell.casesOpenInWindow);
    return { suppressed: size < minimum, size };
  }
  return { suppressed: denominator < minimum, size: denominator };
}

function suppressedFigure(indicator: SnapshotIndicatorId): SnapshotFigure {
  switch (SNAPSHOT_INDICATOR_KINDS[indicator]) {
    case 'distribution':
      return { kind: 'distribution', suppressed: true, n: null, median: null, p90: null };
    case 'count_proportion':
      return {
        kind: 'count_proportion',
        suppressed: true,
        value: null,
        numerator: null,
        denominator: null,
        count: null,
        withNotice: null,
        withoutNotice: null,
      };
    case 'rate':
      return { kind: 'rate', suppressed: true, value: null, numerator: null, denominator: null };
    case 'proportion':
      return { kind: 'proportion', suppressed: true, value: null, numerator: null, denominator: null };
  }
}

/** A figure that passed the rules, in the snapshot's shape (no interval: the national side derives it from the parts). */
function publishedFigure(indicator: SnapshotIndicatorId, figure: Indicator, wholeKommune: boolean): SnapshotFigure {
  const kind = SNAPSHOT_INDICATOR_KINDS[indicator];
  if (kind === 'distribution') {
    const { n, median, p90 } = figure as Distribution;
    return { kind, suppressed: false, n, median: median!, p90: p90! };
  }
  const { value, numerator, denominator } = figure as Proportion | Rate;
  if (kind === 'count_proportion') {
    const { count, withNotice, withoutNotice } = figure as OverdueOpenRequests;
    // The split by notice is a pair of counts of its own: published for the whole kommune only (so no department's
    // split can be recomputed from it), and only when both parts reach the minimum (each reveals the other).
    const split = wholeKommune && withNotice >= SNAPSHOT_THRESHOLDS.units && withoutNotice >= SNAPSHOT_THRESHOLDS.units;
    return {
      kind,
      suppressed: false,
      value: value!,
      numerator,
      denominator,
      count,
      withNotice: split ? withNotice : null,
      withoutNotice: split ? withoutNotice : null,
    };
  }
  return { kind, suppressed: false, value: value!, numerator, denominator };
}
