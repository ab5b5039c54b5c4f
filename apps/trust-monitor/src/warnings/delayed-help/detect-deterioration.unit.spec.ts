import { approximateBernoulliCusumThreshold } from '@tillidsbarometer/indicators';
import { DEFAULT_WARNINGS_CONFIG } from '../warnings.config';
import { detectDeterioration, type DetectorSettings, type WeeklyCount } from './detect-deterioration';

const WEEK = 7 * 86_400_000;
const settings: DetectorSettings = {
  ...DEFAULT_WARNINGS_CONFIG,
  arl0Weeks: 1_000,
  warmUpWeeks: 0,
  baselineWeeks: 10,
  baselineLagWeeks: 2,
  minBaselineWeeks: 3,
  minBaselineCases: 100,
  quietWeeksToClear: 4,
};

/** 40 cases a week, 10 late, except weeks 20-23 with 20 late (the odds tripled: 1/3 → 1). */
function weeks(): WeeklyCount[] {
  return Array.from({ length: 36 }, (_, i) => ({ weekEnd: (i + 1) * WEEK, n: 40, late: i >= 20 && i <= 23 ? 20 : 10 }));
}

describe('detectDeterioration', () => {
  const { points, episodes } = detectDeterioration(weeks(), settings);

  it('judges a week only once its baseline has enough weeks and cases', () => {
    // Week 4 (0-based): the window [4 − 2 − 10, 4 − 2) holds weeks 0-1, two weeks: too few. Week 5: weeks 0-2, 120 cases.
    expect(points.slice(0, 5).map((p) => p.status)).toEqual(Array(5).fill('no_baseline'));
    expect(points[5]!.status).toBe('judged');
    // p0 = (30 + 0.5)/(120 + 1) = 0.252066
    expect(points[5]!.baseline).toBeCloseTo(30.5 / 121, 12);
  });

  it('draws the EWMA from p0 with the variance of a share of n cases, worked by hand', () => {
    // z = 0.2·0.25 + 0.8·0.252066 = 0.251653; Var = 0.2²·p0(1 − p0)/40 = 0.04·0.188528/40 = 0.000188528;
    // limit = 0.252066 + 3·√0.000188528 = 0.252066 + 3·0.0137306 = 0.293258.
    expect(points[5]!.ewma).toBeCloseTo(0.251653, 6);
    expect(points[5]!.ewmaUpperLimit).toBeCloseTo(0.293258, 6);
  });

  it('signals in the second shifted week, by the CUSUM worked by hand', () => {
    // Weeks 20 and 21: baseline weeks 8-17 and 9-18, 400 cases and 100 late: p0 = 100.5/401 = 0.250623.
    // In control a week scores 10·ln 2 − 40·ln(1.250623) = 6.931472 − 40·0.223642 = 6.931472 − 8.945687 = −2.014215, so C stays 0;
    // a shifted week scores 20·ln 2 − 8.945687 = 13.862944 − 8.945687 = 4.917257: C20 = 4.917257, C21 = 9.834514.
    const p0 = 100.5 / 401;
    const h = approximateBernoulliCusumThreshold({ p0, oddsRatio: 2, arl0: 1_000, batchSize: { poissonMean: 40 } });
    expect(h).toBeGreaterThan(4.917257);
    expect(h).toBeLessThan(9.834514);
    expect(points[19]!.cusum).toBe(0);
    expect(points[20]).toMatchObject({ signal: false, firing: false });
    expect(points[20]!.cusum).toBeCloseTo(4.917257, 5);
    expect(points[21]).toMatchObject({ signal: true, firing: true });
    expect(points[21]!.cusum).toBeCloseTo(9.834514, 5);
    expect(points[21]!.threshold).toBeCloseTo(h, 12);
    expect(episodes[0]).toMatchObject({
      firedAt: 22 * WEEK,
      shiftAfter: 20 * WEEK,
      n: 40,
      late: 20,
      baselineWeeks: 10,
      baselineCases: 400,
    });
    expect(episodes[0]!.baseline).toBeCloseTo(p0, 12);
  });

  it('restarts the CUSUM after a signal, keeps firing while signals recur, and clears after the quiet weeks', () => {
    // Week 22: from 0 again, 4.917257 (no signal); week 23: 9.834514, a signal of the same warning.
    expect(points[22]!.cusum).toBeCloseTo(4.917257, 5);
    expect(points[23]).toMatchObject({ signal: true, firing: true });
    // The baseline is frozen while it fires: weeks 22-23 would otherwise take in week 20.
    expect(points[23]!.baseline).toBeCloseTo(100.5 / 401, 12);
    // Quiet weeks 24, 25, 26, 27: cleared at the end of week 27 (index 27).
    expect(points.slice(24, 27).every((p) => p.firing && !p.signal)).toBe(true);
    expect(points[27]!.firing).toBe(false);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ signals: 2, lastSignalAt: 24 * WEEK, clearedAt: 28 * WEEK });
  });

  it('leaves the weeks of the warning out of later baselines', () => {
    // Week 28: window weeks 16-25 less weeks 20-25 (the run up to the signal and the firing weeks): weeks 16-19,
    // 160 cases and 40 late, p0 = 40.5/161. With the shifted weeks it would have been (100 + 40 + 0.5)/(401) = 0.35.
    expect(points[28]!.baseline).toBeCloseTo(40.5 / 161, 12);
  });

  it('keeps the first weeks for warm-up', () => {
    const warm = detectDeterioration(weeks(), { ...settings, warmUpWeeks: 8 }).points;
    expect(warm.slice(0, 8).every((p) => p.status === 'warm_up' && p.cusum === null)).toBe(true);
    // Week 11: the window [0, 9) starts at week 8, after the warm-up: weeks 8 only (one week), too few.
    expect(warm[10]!.status).toBe('no_baseline');
    expect(warm[13]!.status).toBe('judged'); // weeks 8-10
  });

  it('gives a series without cases no baseline and no warning', () => {
    const empty = detectDeterioration(
      Array.from({ length: 30 }, (_, i) => ({ weekEnd: i * WEEK, n: 0, late: 0 })),
      settings,
    );
    expect(empty.episodes).toEqual([]);
    expect(empty.points.every((p) => p.status === 'no_baseline')).toBe(true);
  });
});
