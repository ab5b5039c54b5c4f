import type { LatestCell } from './latest-cells';
import { sumCells } from './sum-cells';

const cell = (kommune: string, figure: Partial<LatestCell>): LatestCell => ({
  kommune,
  asOf: new Date('2026-11-23T00:00:00Z'),
  indicator: 'timely_decisions',
  window: 90,
  department: null,
  at: null,
  kind: 'proportion',
  suppressed: false,
  value: null,
  numerator: null,
  denominator: null,
  count: null,
  withNotice: null,
  withoutNotice: null,
  n: null,
  median: null,
  p90: null,
  ...figure,
});
const hidden = { suppressed: true };

describe('the national figure from the kommuner’s whole-kommune totals', () => {
  it('is Σ numerators / Σ denominators, and says how many kommuner could not be counted', () => {
    // 51/64 (a total that includes the kommune's suppressed departments), 30/40, and one kommune under 3: left out.
    const figure = sumCells('timely_decisions', 'proportion', [
      cell('101', { numerator: 51, denominator: 64, value: 51 / 64 }),
      cell('147', { numerator: 30, denominator: 40, value: 0.75 }),
      cell('825', hidden),
    ]);
    // (51 + 30) / (64 + 40) = 81/104 = 0.778846...
    expect(figure).toMatchObject({ kind: 'proportion', numerator: 81, denominator: 104, kommunerIncluded: 2, kommunerSuppressed: 1 });
    expect(figure.value).toBeCloseTo(81 / 104, 12);
    // Wilson at z = 1.959964 for 81/104: centre (81 + 1.92) / (104 + 3.84) = 0.76892, half-width 0.07896.
    expect(figure.ci95![0]).toBeCloseTo(0.68996, 4);
    expect(figure.ci95![1]).toBeCloseTo(0.84787, 4);
  });

  it('scales a rate as its indicator does', () => {
    const figure = sumCells('complaints_per_100_decisions', 'rate', [
      cell('101', { kind: 'rate', numerator: 3, denominator: 40 }),
      cell('147', { kind: 'rate', numerator: 2, denominator: 60 }),
    ]);
    expect(figure.value).toBeCloseTo(5, 12); // 100 · 5/100
  });

  it('gives n and the median of the kommuner’s medians for a distribution, never a made-up national median', () => {
    const figure = sumCells('time_to_decision_days', 'distribution', [
      cell('101', { kind: 'distribution', n: 40, median: 20, p90: 50 }),
      cell('147', { kind: 'distribution', n: 10, median: 30, p90: 60 }),
      cell('151', { kind: 'distribution', n: 7, median: 12, p90: 19 }),
      cell('825', { kind: 'distribution', ...hidden }),
    ]);
    expect(figure).toMatchObject({ n: 57, medianOfKommuneMedians: 20, value: null, kommunerIncluded: 3, kommunerSuppressed: 1 });
  });

  it('sums the split by notice only when every kommune counted published it', () => {
    const both = sumCells('overdue_open_requests', 'count_proportion', [
      cell('101', { kind: 'count_proportion', numerator: 10, denominator: 50, count: 10, withNotice: 4, withoutNotice: 6 }),
      cell('147', { kind: 'count_proportion', numerator: 8, denominator: 20, count: 8, withNotice: 3, withoutNotice: 5 }),
    ]);
    expect(both).toMatchObject({ count: 18, withNotice: 7, withoutNotice: 11 });
    const partial = sumCells('overdue_open_requests', 'count_proportion', [
      cell('101', { kind: 'count_proportion', numerator: 10, denominator: 50, count: 10, withNotice: 4, withoutNotice: 6 }),
      cell('147', { kind: 'count_proportion', numerator: 4, denominator: 20, count: 4, withNotice: null, withoutNotice: null }),
    ]);
    expect(partial).toMatchObject({ count: 14, withNotice: null, withoutNotice: null });
  });

  it('has no value when nothing could be counted', () => {
    expect(sumCells('appeal_reversal_rate', 'proportion', [cell('825', hidden)])).toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
      kommunerIncluded: 0,
    });
  });
});
