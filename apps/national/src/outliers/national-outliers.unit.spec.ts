import { nationalOutliers, outlierParameters } from './national-outliers';

describe('NATIONAL_OUTLIER', () => {
  // The second example of libs/indicators/src/funnel.unit.spec.ts: ten kommuner of 100, p0 = 0.2, τ² = 0; one at 36/100
  // (z = 4 > 3.090232) and the rest within.
  const units = [36, 16, 16, 16, 16, 20, 20, 20, 20, 20].map((numerator, i) => ({ kommune: String(101 + i), numerator, denominator: 100 }));

  it('names the kommuner outside the 99.8 % adjusted limits, with the side and whether it is the worse one', () => {
    const outliers = nationalOutliers('late_help_start', 365, units, 0.1);
    expect(outliers).toHaveLength(1);
    expect(outliers[0]).toMatchObject({ kommune: '101', indicator: 'late_help_start', side: 'above' });
    expect(outliers[0]!.details).toMatchObject({ rate: 0.36, target: 0.2, direction: 'above', worse: true, tau2: 0, window: 365 });
    // The same point on timely_decisions is above the national rate: an outlier, but on the good side.
    expect(nationalOutliers('timely_decisions', 365, units, 0.1)[0]!.details).toMatchObject({ worse: false });
  });

  it('has none when no funnel can be drawn', () => {
    expect(nationalOutliers('appeal_reversal_rate', 365, [units[0]!], 0.1)).toEqual([]);
    expect(
      nationalOutliers(
        'appeal_reversal_rate',
        365,
        [
          { kommune: '101', numerator: 0, denominator: 5 },
          { kommune: '147', numerator: 0, denominator: 9 },
        ],
        0.1,
      ),
    ).toEqual([]);
  });

  it('documents its parameters and false-alarm rate', () => {
    expect(outlierParameters(365, 0.1)).toMatchObject({ window: 365, limit: 0.998, winsorisation: 0.1, falseAlarmRatePerKommune: 0.002 });
  });
});
