import { DEPARTMENTS } from '@tillidsbarometer/domain';
import type { KommuneWarning } from '../kommune-warning';
import type { WarningsConfig } from '../warnings.config';
import { detectDeterioration, type Detection, type WeeklyCount } from './detect-deterioration';

/** CONTRACT.md section 5: the two weekly shares DELAYED_HELP_DETERIORATION watches. */
export const DELAYED_HELP_SERIES = ['late_first_decisions', 'late_help_starts'] as const;
export type DelayedHelpSeries = (typeof DELAYED_HELP_SERIES)[number];

export const DELAYED_HELP_METHOD = 'bernoulli_cusum';

/** A kommune's weekly counts, per series and department, for the weeks ending at `weekEnds` (ms, oldest first). */
export interface KommuneWeeklyCounts {
  kommune: string;
  weekEnds: readonly number[];
  /** series → department → week index → {n, late}; a department without cases may be missing. */
  counts: Record<DelayedHelpSeries, Map<string, { n: number[]; late: number[] }>>;
}

export function emptyWeeklyCounts(kommune: string, weekEnds: readonly number[]): KommuneWeeklyCounts {
  return { kommune, weekEnds, counts: { late_first_decisions: new Map(), late_help_starts: new Map() } };
}

/** Adds cases to one week of one department's series. */
export function addCount(
  counts: KommuneWeeklyCounts,
  series: DelayedHelpSeries,
  department: string,
  week: number,
  n: number,
  late: number,
): void {
  let cell = counts.counts[series].get(department);
  if (!cell) {
    cell = { n: new Array<number>(counts.weekEnds.length).fill(0), late: new Array<number>(counts.weekEnds.length).fill(0) };
    counts.counts[series].set(department, cell);
  }
  cell.n[week] = cell.n[week]! + n;
  cell.late[week] = cell.late[week]! + late;
}

/** One series as the detector takes it: a department's, or the whole kommune's (department null) summed. */
export function weeklySeries(counts: KommuneWeeklyCounts, series: DelayedHelpSeries, department: string | null): WeeklyCount[] {
  const cells = department === null ? [...counts.counts[series].values()] : [counts.counts[series].get(department)].filter((c) => !!c);
  return counts.weekEnds.map((weekEnd, week) => ({
    weekEnd,
    n: cells.reduce((sum, cell) => sum + cell!.n[week]!, 0),
    late: cells.reduce((sum, cell) => sum + cell!.late[week]!, 0),
  }));
}

export interface SeriesDetection {
  series: DelayedHelpSeries;
  department: string | null;
  detection: Detection;
}

/** Every series of the kommune (two series, the whole kommune and each department) through the detector. */
export function detectKommune(counts: KommuneWeeklyCounts, config: WarningsConfig): SeriesDetection[] {
  const results: SeriesDetection[] = [];
  for (const series of DELAYED_HELP_SERIES) {
    for (const department of [null, ...DEPARTMENTS]) {
      const arl0Weeks = department === null ? config.arl0Weeks : config.departmentArl0Weeks;
      results.push({
        series,
        department,
        detection: detectDeterioration(weeklySeries(counts, series, department), { ...config, arl0Weeks }),
      });
    }
  }
  return results;
}

/** The key of a warning: the same kommune, department, series and week of firing give the same key in every recomputation. */
export function delayedHelpWarningKey(kommune: string, department: string | null, series: DelayedHelpSeries, firedAt: number): string {
  return `DELAYED_HELP_DETERIORATION:${kommune}:${department ?? 'all'}:${series}:${new Date(firedAt).toISOString()}`;
}

/** The warnings of one kommune, as stored and listed (KommuneWarning). */
export function delayedHelpWarnings(kommune: string, results: readonly SeriesDetection[], config: WarningsConfig): KommuneWarning[] {
  return results.flatMap(({ series, department, detection }) =>
    detection.episodes.map((episode) => ({
      key: delayedHelpWarningKey(kommune, department, series, episode.firedAt),
      code: 'DELAYED_HELP_DETERIORATION' as const,
      kommune,
      department,
      series,
      method: DELAYED_HELP_METHOD,
      parameters: {
        oddsRatio: config.oddsRatio,
        arl0Weeks: department === null ? config.arl0Weeks : config.departmentArl0Weeks,
        threshold: round(episode.threshold),
        baselineWeeks: config.baselineWeeks,
        baselineLagWeeks: config.baselineLagWeeks,
        minBaselineWeeks: config.minBaselineWeeks,
        minBaselineCases: config.minBaselineCases,
        warmUpWeeks: config.warmUpWeeks,
        quietWeeksToClear: config.quietWeeksToClear,
      },
      firedAt: new Date(episode.firedAt).toISOString(),
      clearedAt: episode.clearedAt === null ? null : new Date(episode.clearedAt).toISOString(),
      details: {
        statistic: round(episode.statistic),
        threshold: round(episode.threshold),
        baseline: round(episode.baseline),
        baselineWeeks: episode.baselineWeeks,
        baselineCases: episode.baselineCases,
        observedShare: episode.n > 0 ? round(episode.late / episode.n) : null,
        n: episode.n,
        late: episode.late,
        signals: episode.signals,
        lastSignalAt: new Date(episode.lastSignalAt).toISOString(),
        shiftAfter: new Date(episode.shiftAfter).toISOString(),
      },
    })),
  );
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
