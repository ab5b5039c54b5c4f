import { DEPARTMENTS, parseKommuneSnapshot, SNAPSHOT_TREND_INDICATORS, type Department, type SnapshotCell } from '@tillidsbarometer/domain';
import { distribution, proportion, rate } from '@tillidsbarometer/indicators';
import { INDICATOR_IDS, WINDOWS, type Indicator, type IndicatorId, type WindowDays } from '../../indicators/indicator-queries';
import { buildKommuneSnapshot, type RawCell, type SnapshotFacts } from './build-kommune-snapshot';

/**
 * Hand-made facts: every department has plenty of units in every cell unless a test sets a row of its own; the
 * whole-kommune cell is always the sum of the five departments, as the facts give it.
 */
type Row = { indicator: IndicatorId; window: WindowDays; departments: Indicator[]; casesOpenInWindow?: number[] };

const plenty: Record<IndicatorId, Indicator> = {
  timely_decisions: proportion(8, 10),
  overdue_open_requests: { ...proportion(4, 12), count: 4, withNotice: 1, withoutNotice: 3 },
  extension_notice_compliance: proportion(6, 9),
  late_help_start: proportion(2, 10),
  oral_explanation_of_refusals: proportion(5, 10),
  written_reasons: proportion(9, 10),
  complaint_guidance: proportion(10, 10),
  caseworker_changes_per_case_year: rate(7, 14),
  high_caseworker_turnover: proportion(3, 30),
  personal_contacts_per_case_month: rate(40, 20),
  home_visit_share: proportion(10, 40),
  complaints_per_100_decisions: rate(3, 25, 100),
  timely_reassessment: proportion(4, 5),
  appeal_reversal_rate: proportion(2, 5),
  time_to_decision_days: { n: 10, median: 20, p90: 40 },
  time_to_help_days: { n: 8, median: 30, p90: 55 },
};

function sum(figures: Indicator[], id: IndicatorId): Indicator {
  if (id === 'time_to_decision_days' || id === 'time_to_help_days') {
    // The whole kommune's median is not a sum: a stand-in computed from the departments' medians is enough here.
    const n = figures.reduce((total, f) => total + (f as { n: number }).n, 0);
    return { n, median: 21, p90: 44 };
  }
  const numerator = figures.reduce((total, f) => total + (f as { numerator: number }).numerator, 0);
  const denominator = figures.reduce((total, f) => total + (f as { denominator: number }).denominator, 0);
  if (id === 'overdue_open_requests') {
    const withNotice = figures.reduce((total, f) => total + (f as { withNotice: number }).withNotice, 0);
    return { ...proportion(numerator, denominator), count: numerator, withNotice, withoutNotice: numerator - withNotice };
  }
  if (id === 'caseworker_changes_per_case_year' || id === 'personal_contacts_per_case_month') return rate(numerator, denominator);
  if (id === 'complaints_per_100_decisions') return rate(numerator, denominator, 100);
  return proportion(numerator, denominator);
}

function facts(rows: Row[] = []): SnapshotFacts {
  const cells: RawCell[] = [];
  for (const window of WINDOWS) {
    const byDepartment = new Map<Department | null, RawCell>();
    DEPARTMENTS.forEach((department) => byDepartment.set(department, { window, department, indicators: {}, casesOpenInWindow: 40 }));
    for (const id of INDICATOR_IDS) {
      const row = rows.find((r) => r.indicator === id && r.window === window);
      const departments = row?.departments ?? DEPARTMENTS.map(() => plenty[id]);
      DEPARTMENTS.forEach((department, i) => {
        byDepartment.get(department)!.indicators[id] = departments[i]!;
        if (row?.casesOpenInWindow) byDepartment.get(department)!.casesOpenInWindow = row.casesOpenInWindow[i]!;
      });
      const whole = byDepartment.get(null) ?? { window, department: null, indicators: {}, casesOpenInWindow: 0 };
      whole.indicators[id] = sum(departments, id);
      byDepartment.set(null, whole);
    }
    const whole = byDepartment.get(null)!;
    whole.casesOpenInWindow = DEPARTMENTS.reduce((total, d) => total + byDepartment.get(d)!.casesOpenInWindow, 0);
    cells.push(...byDepartment.values());
  }
  return {
    snapshotId: '0b5c4d1e-7a2f-4c3b-9d8e-1f2a3b4c5d6e',
    kommune: '101',
    reason: 'on_demand',
    asOf: new Date('2026-11-23T00:00:00Z'),
    computedAt: new Date('2026-11-23T00:00:05Z'),
    cells,
    trend: [],
    measurements: [],
    warnings: [],
  };
}

const cellOf = (cells: SnapshotCell[], indicator: string, window: number, department: Department | null) =>
  cells.find((c) => c.indicator === indicator && c.window === window && c.department === department)!;

describe('buildKommuneSnapshot: suppression before anything leaves the kommune', () => {
  it('publishes every indicator × window × (whole kommune and five departments) unsuppressed when every cell has the units', () => {
    const snapshot = buildKommuneSnapshot(facts());
    expect(snapshot.cells).toHaveLength(16 * 3 * 6);
    expect(snapshot.cells.every((c) => !c.suppressed)).toBe(true);
    expect(cellOf(snapshot.cells, 'timely_decisions', 90, 'health')).toEqual({
      indicator: 'timely_decisions',
      window: 90,
      department: 'health',
      kind: 'proportion',
      suppressed: false,
      value: 0.8,
      numerator: 8,
      denominator: 10,
    });
    expect(cellOf(snapshot.cells, 'timely_decisions', 90, null)).toMatchObject({ numerator: 40, denominator: 50, value: 0.8 });
    expect(cellOf(snapshot.cells, 'complaints_per_100_decisions', 30, null)).toMatchObject({ numerator: 15, denominator: 125, value: 12 });
    expect(cellOf(snapshot.cells, 'time_to_help_days', 365, 'other')).toEqual({
      indicator: 'time_to_help_days',
      window: 365,
      department: 'other',
      kind: 'distribution',
      suppressed: false,
      n: 8,
      median: 30,
      p90: 55,
    });
    expect(parseKommuneSnapshot(JSON.stringify(snapshot))).toMatchObject({ ok: true });
  });

  it('suppresses a department under 3 and the next smallest, and keeps the whole-kommune total computed before either', () => {
    // Denominators 2, 20, 5, 7, 30 (numerators 1, 15, 4, 6, 25); whole kommune 51/64, the sum of all five.
    const departments = [proportion(1, 2), proportion(15, 20), proportion(4, 5), proportion(6, 7), proportion(25, 30)];
    const snapshot = buildKommuneSnapshot(facts([{ indicator: 'timely_decisions', window: 90, departments }]));
    const at = (department: Department | null) => cellOf(snapshot.cells, 'timely_decisions', 90, department);
    expect(at(null)).toMatchObject({ suppressed: false, numerator: 51, denominator: 64, value: 51 / 64 });
    expect(at('adult_disability')).toEqual({
      indicator: 'timely_decisions',
      window: 90,
      department: 'adult_disability',
      kind: 'proportion',
      suppressed: true,
      value: null,
      numerator: null,
      denominator: null,
    });
    // 64 - (20 + 7 + 30) = 7 = 2 + 5: the total gives back only the sum of the two hidden cells.
    expect(at('jobcenter').suppressed).toBe(true);
    expect([at('children_family'), at('health'), at('other')].map((c) => c.suppressed)).toEqual([false, false, false]);
    // Other windows of the same indicator are untouched.
    expect(cellOf(snapshot.cells, 'timely_decisions', 30, 'adult_disability').suppressed).toBe(false);
  });

  it('suppresses every cell of a row whose whole-kommune total is itself under 3', () => {
    // 1 reversal of 2 appeal decisions in the whole kommune over 30 days: nothing of it may leave.
    const departments = [proportion(1, 1), proportion(0, 1), proportion(0, 0), proportion(0, 0), proportion(0, 0)];
    const snapshot = buildKommuneSnapshot(facts([{ indicator: 'appeal_reversal_rate', window: 30, departments }]));
    for (const department of [null, ...DEPARTMENTS]) {
      expect(cellOf(snapshot.cells, 'appeal_reversal_rate', 30, department)).toMatchObject({
        suppressed: true,
        numerator: null,
        denominator: null,
      });
    }
  });

  it('suppresses a rate over case-days built from fewer than 3 cases, even when its exposure passes 3', () => {
    // personal_contacts_per_case_month over 365 days: 2 cases open all year are 24 case-months, but 2 cases.
    const departments = [rate(30, 24), rate(80, 40), rate(60, 30), rate(90, 50), rate(70, 35)];
    const snapshot = buildKommuneSnapshot(
      facts([{ indicator: 'personal_contacts_per_case_month', window: 365, departments, casesOpenInWindow: [2, 9, 8, 12, 10] }]),
    );
    const at = (department: Department | null) => cellOf(snapshot.cells, 'personal_contacts_per_case_month', 365, department);
    expect(at('adult_disability').suppressed).toBe(true);
    // The next smallest by min(exposure, cases): children_family min(40, 9) = 9, jobcenter min(30, 8) = 8 -> jobcenter.
    expect(at('jobcenter').suppressed).toBe(true);
    expect(at('children_family').suppressed).toBe(false);
    expect(at(null)).toMatchObject({ suppressed: false, numerator: 330, denominator: 179, value: 330 / 179 });
  });

  it('suppresses a distribution of fewer than 3 durations, with the same secondary rule on n', () => {
    const departments = [
      distribution([3, 9]),
      distribution([1, 2, 3, 4]),
      distribution([5, 6, 7]),
      distribution([1, 1, 1, 1, 1]),
      distribution([2, 2, 2, 2]),
    ];
    const snapshot = buildKommuneSnapshot(facts([{ indicator: 'time_to_decision_days', window: 30, departments }]));
    const at = (department: Department | null) => cellOf(snapshot.cells, 'time_to_decision_days', 30, department);
    expect(at('adult_disability')).toMatchObject({ suppressed: true, n: null, median: null, p90: null });
    expect(at('jobcenter')).toMatchObject({ suppressed: true }); // n = 3, the smallest of the rest
    expect(at('children_family')).toMatchObject({ suppressed: false, n: 4, median: 2.5 });
    expect(at(null)).toMatchObject({ suppressed: false, n: 18 });
  });

  it('publishes the split of overdue requests by notice only for the whole kommune and only when both parts reach 3', () => {
    const snapshot = buildKommuneSnapshot(facts());
    // Whole kommune: count 5 · 4 = 20, withNotice 5 · 1 = 5, withoutNotice 15: both >= 3.
    expect(cellOf(snapshot.cells, 'overdue_open_requests', 90, null)).toMatchObject({
      kind: 'count_proportion',
      count: 20,
      numerator: 20,
      denominator: 60,
      withNotice: 5,
      withoutNotice: 15,
    });
    expect(cellOf(snapshot.cells, 'overdue_open_requests', 90, 'health')).toMatchObject({
      count: 4,
      withNotice: null,
      withoutNotice: null,
    });
    const few = DEPARTMENTS.map((_, i) => ({
      ...proportion(4, 12),
      count: 4,
      withNotice: i === 0 ? 2 : 0,
      withoutNotice: i === 0 ? 2 : 4,
    }));
    const withFew = buildKommuneSnapshot(facts([{ indicator: 'overdue_open_requests', window: 90, departments: few }]));
    // withNotice 2 in the whole kommune: both parts of the split are withheld, the count stays.
    expect(cellOf(withFew.cells, 'overdue_open_requests', 90, null)).toMatchObject({ count: 20, withNotice: null, withoutNotice: null });
  });

  it('carries the trend cells of the whole kommune with the primary rule', () => {
    const input = facts();
    input.trend = [
      {
        at: new Date('2026-10-31T23:00:00Z'),
        window: 30,
        indicators: { timely_decisions: proportion(1, 2), late_help_start: proportion(3, 9) },
      },
    ];
    const snapshot = buildKommuneSnapshot(input);
    expect(snapshot.trend).toEqual([
      {
        indicator: 'timely_decisions',
        window: 30,
        at: '2026-10-31T23:00:00.000Z',
        kind: 'proportion',
        suppressed: true,
        value: null,
        numerator: null,
        denominator: null,
      },
      {
        indicator: 'late_help_start',
        window: 30,
        at: '2026-10-31T23:00:00.000Z',
        kind: 'proportion',
        suppressed: false,
        value: 1 / 3,
        numerator: 3,
        denominator: 9,
      },
    ]);
    expect(SNAPSHOT_TREND_INDICATORS).not.toContain('caseworker_changes_per_case_year');
  });

  it('makes snapshots the national door accepts, and the door refuses one whose secondary suppression is missing', () => {
    const departments = [proportion(1, 2), proportion(15, 20), proportion(4, 5), proportion(6, 7), proportion(25, 30)];
    const snapshot = buildKommuneSnapshot(facts([{ indicator: 'timely_decisions', window: 90, departments }]));
    expect(parseKommuneSnapshot(JSON.stringify(snapshot))).toMatchObject({ ok: true });
    const leaky = structuredClone(snapshot);
    const jobcenter = leaky.cells.find((c) => c.indicator === 'timely_decisions' && c.window === 90 && c.department === 'jobcenter')!;
    Object.assign(jobcenter, { suppressed: false, value: 0.8, numerator: 4, denominator: 5 });
    expect(parseKommuneSnapshot(JSON.stringify(leaky))).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ rule: 'secondarySuppression' })],
    });
  });
});
