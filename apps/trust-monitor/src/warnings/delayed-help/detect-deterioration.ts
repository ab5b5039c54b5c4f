import { approximateBernoulliCusumThreshold, bernoulliCusumScore, ewmaStep, ewmaVarianceStep } from '@tillidsbarometer/indicators';
import type { WarningsConfig } from '../warnings.config';

/** One week of a series: the cases judged in the week that ends at `weekEnd` (ms) and how many were late. */
export interface WeeklyCount {
  weekEnd: number;
  n: number;
  late: number;
}

/** What the detector needs: the configuration, with the ARL0 of the series at hand (kommune or department). */
export type DetectorSettings = Omit<WarningsConfig, 'arl0Weeks' | 'departmentArl0Weeks'> & { arl0Weeks: number };

export type WeekStatus = 'warm_up' | 'no_baseline' | 'judged';

/** One week of the control chart. */
export interface ChartPoint {
  weekEnd: number;
  n: number;
  late: number;
  /** late / n; null in a week without cases. */
  share: number | null;
  /** warm_up: too soon after the kommune's first case; no_baseline: too few weeks or cases before it; judged. */
  status: WeekStatus;
  /** The in-control share p0 the week is judged against (frozen while a warning fires). */
  baseline: number | null;
  /** The decision interval h for this week's baseline and case volume. */
  threshold: number | null;
  /** The Bernoulli CUSUM after this week, before the reset that follows a signal. */
  cusum: number | null;
  signal: boolean;
  /** A warning was firing at this week's end. */
  firing: boolean;
  ewma: number | null;
  ewmaUpperLimit: number | null;
}

/** A warning: from the first signal until `quietWeeksToClear` weeks in a row have passed without one. */
export interface Episode {
  firedAt: number;
  clearedAt: number | null;
  /** The end of the last week before the CUSUM's run up to the first signal: the shift most likely began after it. */
  shiftAfter: number;
  baseline: number;
  baselineWeeks: number;
  baselineCases: number;
  threshold: number;
  /** The statistic and the week's figures when it fired. */
  statistic: number;
  n: number;
  late: number;
  signals: number;
  lastSignalAt: number;
}

export interface Detection {
  points: ChartPoint[];
  episodes: Episode[];
}

interface Baseline {
  p0: number;
  threshold: number;
  weeks: number;
  cases: number;
}

/**
 * DELAYED_HELP_DETERIORATION on one weekly series (docs/drafts/issue-5-warnings.md): a Bernoulli CUSUM tuned to an
 * odds ratio against the series' own baseline, which is the share over the trailing `baselineWeeks` weeks that end
 * `baselineLagWeeks` before the week judged, leaving out the weeks of earlier warnings, re-estimated every week and
 * frozen while a warning fires. h is set for each week so that the in-control ARL is `arl0Weeks` at the baseline's
 * share and case volume, which gives large and small kommuner the same false-alarm rate per week. After a signal the
 * CUSUM starts again from 0; the warning fires while signals recur and clears after `quietWeeksToClear` quiet weeks.
 * An EWMA of the share with its upper limit is computed beside it, for the chart only. Pure: the weeks in, the chart
 * and the warnings out, so the evaluator, the chart endpoint and the benchmark run the same code.
 */
export function detectDeterioration(weeks: readonly WeeklyCount[], settings: DetectorSettings): Detection {
  const excluded = new Array<boolean>(weeks.length).fill(false);
  const points: ChartPoint[] = [];
  const episodes: Episode[] = [];
  let cusum = 0;
  let runStart = -1; // the first week of the current run of C > 0
  let active: { episode: Episode; baseline: Baseline; quietWeeks: number } | null = null;
  let ewma: { z: number; variance: number } | null = null;

  weeks.forEach((week, index) => {
    const share = week.n > 0 ? week.late / week.n : null;
    const point: ChartPoint = {
      weekEnd: week.weekEnd,
      n: week.n,
      late: week.late,
      share,
      status: 'warm_up',
      baseline: null,
      threshold: null,
      cusum: null,
      signal: false,
      firing: false,
      ewma: null,
      ewmaUpperLimit: null,
    };
    points.push(point);
    if (index < settings.warmUpWeeks) return;
    const baseline = active?.baseline ?? estimateBaseline(weeks, excluded, index, settings);
    if (!baseline) {
      point.status = 'no_baseline';
      cusum = 0;
      runStart = -1;
      return;
    }
    point.status = 'judged';
    point.baseline = baseline.p0;
    point.threshold = baseline.threshold;

    const design = { p0: baseline.p0, oddsRatio: settings.oddsRatio };
    const before = cusum;
    cusum = Math.max(0, cusum + bernoulliCusumScore(week, design));
    if (before === 0 && cusum > 0) runStart = index;
    if (cusum === 0) runStart = -1;
    point.cusum = cusum;
    point.signal = cusum > baseline.threshold;

    if (point.signal) {
      if (active) {
        active.episode.signals++;
        active.episode.lastSignalAt = week.weekEnd;
        active.quietWeeks = 0;
      } else {
        const first = runStart >= 0 ? runStart : index;
        const episode: Episode = {
          firedAt: week.weekEnd,
          clearedAt: null,
          shiftAfter: first > 0 ? weeks[first - 1]!.weekEnd : week.weekEnd,
          baseline: baseline.p0,
          baselineWeeks: baseline.weeks,
          baselineCases: baseline.cases,
          threshold: baseline.threshold,
          statistic: cusum,
          n: week.n,
          late: week.late,
          signals: 1,
          lastSignalAt: week.weekEnd,
        };
        episodes.push(episode);
        active = { episode, baseline, quietWeeks: 0 };
        // The weeks of the run that led to the signal are part of the deterioration: never again in a baseline.
        for (let i = first; i < index; i++) excluded[i] = true;
      }
      cusum = 0;
      runStart = -1;
    } else if (active) {
      active.quietWeeks++;
    }
    if (active) {
      excluded[index] = true;
      point.firing = true;
      if (active.quietWeeks >= settings.quietWeeksToClear) {
        active.episode.clearedAt = week.weekEnd;
        point.firing = false;
        active = null;
        cusum = 0;
        runStart = -1;
      }
    }

    // The EWMA of the share, for the chart: z_0 = p0 at the first judged week; a week without cases changes nothing.
    ewma ??= { z: baseline.p0, variance: 0 };
    if (share !== null) {
      ewma.z = ewmaStep(ewma.z, share, settings.ewmaLambda);
      ewma.variance = ewmaVarianceStep(ewma.variance, (baseline.p0 * (1 - baseline.p0)) / week.n, settings.ewmaLambda);
    }
    point.ewma = ewma.z;
    point.ewmaUpperLimit = ewma.variance > 0 ? baseline.p0 + settings.ewmaL * Math.sqrt(ewma.variance) : null;
  });
  return { points, episodes };
}

function estimateBaseline(
  weeks: readonly WeeklyCount[],
  excluded: readonly boolean[],
  index: number,
  settings: DetectorSettings,
): Baseline | null {
  const end = index - settings.baselineLagWeeks; // exclusive
  const start = Math.max(settings.warmUpWeeks, end - settings.baselineWeeks);
  let used = 0;
  let cases = 0;
  let late = 0;
  for (let i = start; i < end; i++) {
    if (excluded[i]) continue;
    used++;
    cases += weeks[i]!.n;
    late += weeks[i]!.late;
  }
  if (used < settings.minBaselineWeeks || cases < settings.minBaselineCases) return null;
  // Half a case added to each side keeps p0 inside (0, 1) for a series that was never (or always) late.
  const p0 = (late + 0.5) / (cases + 1);
  const threshold = approximateBernoulliCusumThreshold({
    p0,
    oddsRatio: settings.oddsRatio,
    arl0: settings.arl0Weeks,
    batchSize: { poissonMean: cases / used },
  });
  return { p0, threshold, weeks: used, cases };
}
