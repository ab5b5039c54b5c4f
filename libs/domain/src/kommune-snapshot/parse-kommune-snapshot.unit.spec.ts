import { DEPARTMENTS } from '../departments';
import {
  KOMMUNE_SNAPSHOT_SCHEMA,
  SNAPSHOT_INDICATOR_IDS,
  SNAPSHOT_INDICATOR_KINDS,
  SNAPSHOT_WINDOWS,
  type KommuneSnapshot,
  type SnapshotCell,
  type SnapshotFigure,
} from './kommune-snapshot';
import { parseKommuneSnapshot } from './parse-kommune-snapshot';

/** A well-formed snapshot: every department 5 of 10 (whole kommune 25 of 50), one closed measurement, one warning. */
function validSnapshot(): KommuneSnapshot {
  const figure = (indicator: string, whole: boolean): SnapshotFigure => {
    const factor = whole ? 5 : 1;
    switch (SNAPSHOT_INDICATOR_KINDS[indicator as keyof typeof SNAPSHOT_INDICATOR_KINDS]) {
      case 'distribution':
        return { kind: 'distribution', suppressed: false, n: 10 * factor, median: 12.5, p90: 30 };
      case 'count_proportion':
        return {
          kind: 'count_proportion',
          suppressed: false,
          value: 0.5,
          numerator: 5 * factor,
          denominator: 10 * factor,
          count: 5 * factor,
          withNotice: whole ? 10 : null,
          withoutNotice: whole ? 15 : null,
        };
      case 'rate':
        return indicator === 'complaints_per_100_decisions'
          ? { kind: 'rate', suppressed: false, value: 50, numerator: 5 * factor, denominator: 10 * factor }
          : { kind: 'rate', suppressed: false, value: 0.5, numerator: 5 * factor, denominator: 10 * factor };
      default:
        return { kind: 'proportion', suppressed: false, value: 0.5, numerator: 5 * factor, denominator: 10 * factor };
    }
  };
  const cells: SnapshotCell[] = [];
  for (const window of SNAPSHOT_WINDOWS) {
    for (const indicator of SNAPSHOT_INDICATOR_IDS) {
      for (const department of [null, ...DEPARTMENTS]) {
        cells.push({ indicator, window, department, ...figure(indicator, department === null) } as SnapshotCell);
      }
    }
  }
  return {
    schema: KOMMUNE_SNAPSHOT_SCHEMA,
    version: 1,
    snapshotId: '7d1e2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b',
    kommune: '751',
    reason: 'weekly',
    asOf: '2026-11-22T23:00:00.000Z',
    computedAt: '2026-11-22T23:00:04.000Z',
    thresholds: { units: 3, surveyAnswers: 5 },
    cells,
    trend: [
      {
        indicator: 'timely_decisions',
        window: 30,
        at: '2026-10-31T23:00:00.000Z',
        kind: 'proportion',
        suppressed: false,
        value: 0.75,
        numerator: 3,
        denominator: 4,
      },
    ],
    measurements: [
      {
        measurementId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        closedAt: '2026-11-20T12:00:00.000Z',
        roles: ['citizen', 'caseworker'],
        questionIds: ['q01'],
        responses: [
          { role: 'citizen', suppressed: false, n: 12 },
          { role: 'caseworker', suppressed: true, n: null },
        ],
        questions: [
          {
            questionId: 'q01',
            role: 'citizen',
            suppressed: false,
            n: 10,
            mean: 1.5,
            sd: 0.8,
            ci95: [0.93, 2.07],
            distribution: { '3': 2, '2': 3, '1': 3, '0': 2, ved_ikke: 2, naegter_at_svare: 0 },
          },
          { questionId: 'q01', role: 'caseworker', suppressed: true, n: null, mean: null, sd: null, ci95: null, distribution: null },
        ],
        gaps: [{ questionId: 'q01', gap: 'S-B', suppressed: true, difference: null, ci95: null, p: null }],
        timing: [{ role: 'citizen', suppressed: false, n: 10, i_rette_tid: 0.5, noget_sent: 0.3, saa_sent_at_det_gav_problemer: 0.2 }],
      },
    ],
    warnings: [
      {
        code: 'DELAYED_HELP_DETERIORATION',
        department: 'jobcenter',
        series: 'late_first_decisions',
        method: 'bernoulli_cusum',
        parameters: { h: 4.2, p0: 0.2, oddsRatio: 2, twoSided: false, target: 'late_first_decisions' },
        firedAt: '2026-11-16T23:00:00.000Z',
        clearedAt: null,
      },
    ],
  };
}

const cellAt = (snapshot: KommuneSnapshot, indicator: string, window: number, department: string | null) =>
  snapshot.cells.find((c) => c.indicator === indicator && c.window === window && c.department === department) as Record<string, unknown>;

const rulesOf = (result: ReturnType<typeof parseKommuneSnapshot>) => (result.ok ? [] : result.errors.map((e) => `${e.field}:${e.rule}`));

describe('parseKommuneSnapshot: the national door', () => {
  it('accepts a well-formed version-1 snapshot as text, bytes or a parsed value', () => {
    const snapshot = validSnapshot();
    expect(parseKommuneSnapshot(JSON.stringify(snapshot))).toEqual({ ok: true, snapshot });
    expect(parseKommuneSnapshot(Buffer.from(JSON.stringify(snapshot)))).toMatchObject({ ok: true });
    expect(parseKommuneSnapshot(snapshot)).toMatchObject({ ok: true });
  });

  it('refuses what is no JSON object', () => {
    expect(rulesOf(parseKommuneSnapshot('{"schema":'))).toEqual(['(message):isJson']);
    expect(rulesOf(parseKommuneSnapshot('[1, 2]'))).toEqual(['(message):isObject']);
  });

  it('refuses another schema or an unknown version as such, before anything else', () => {
    expect(rulesOf(parseKommuneSnapshot({ ...validSnapshot(), version: 2 }))).toEqual(['version:supportedVersion']);
    expect(rulesOf(parseKommuneSnapshot({ schema: 'something-else', version: 1 }))).toEqual(['schema:equals']);
  });

  it('refuses an unknown field anywhere: no room for a case id, a pseudonym or free text', () => {
    const topLevel = { ...validSnapshot(), caseId: 'SAG-2026-0001' };
    expect(rulesOf(parseKommuneSnapshot(topLevel))).toContain('caseId:unknownField');
    const inCell = validSnapshot();
    cellAt(inCell, 'timely_decisions', 90, 'health').citizenPseudonym = 'ab12';
    expect(rulesOf(parseKommuneSnapshot(inCell)).some((rule) => rule.endsWith('citizenPseudonym:unknownField'))).toBe(true);
    const inMeasurement = validSnapshot();
    (inMeasurement.measurements[0] as unknown as Record<string, unknown>).title = 'Måling i Aarhus, foråret';
    expect(rulesOf(parseKommuneSnapshot(inMeasurement))).toContain('measurements.0.title:unknownField');
    const freeTextParameter = validSnapshot();
    freeTextParameter.warnings[0]!.parameters.note = 'borger ringede og klagede';
    expect(rulesOf(parseKommuneSnapshot(freeTextParameter))).toContain('warnings.0.parameters.note:parameter');
  });

  it('refuses a cell under 3 units that is not suppressed, and a suppressed cell that still has a figure', () => {
    const small = validSnapshot();
    Object.assign(cellAt(small, 'appeal_reversal_rate', 30, null), { value: 0.5, numerator: 1, denominator: 2 });
    expect(rulesOf(parseKommuneSnapshot(small)).some((rule) => rule.endsWith('.denominator:minimumUnits'))).toBe(true);
    const half = validSnapshot();
    Object.assign(cellAt(half, 'timely_decisions', 30, 'other'), { suppressed: true, value: null, denominator: null });
    expect(rulesOf(parseKommuneSnapshot(half)).some((rule) => rule.endsWith('.numerator:suppressedIsNull'))).toBe(true);
    const fewDurations = validSnapshot();
    Object.assign(cellAt(fewDurations, 'time_to_help_days', 365, 'health'), { n: 2 });
    expect(rulesOf(parseKommuneSnapshot(fewDurations)).some((rule) => rule.endsWith('.n:minimumUnits'))).toBe(true);
  });

  it('refuses a row where the whole-kommune cell gives back one suppressed department', () => {
    const leaky = validSnapshot();
    Object.assign(cellAt(leaky, 'late_help_start', 90, 'jobcenter'), { suppressed: true, value: null, numerator: null, denominator: null });
    expect(rulesOf(parseKommuneSnapshot(leaky))).toEqual(['cells[late_help_start|90]:secondarySuppression']);
    // With a second department hidden, the total reveals only 20 units over the two: accepted.
    Object.assign(cellAt(leaky, 'late_help_start', 90, 'health'), { suppressed: true, value: null, numerator: null, denominator: null });
    expect(parseKommuneSnapshot(leaky)).toMatchObject({ ok: true });
  });

  it('refuses a survey cell of fewer than 5 answers, and figures that contradict their parts', () => {
    const survey = validSnapshot();
    Object.assign(survey.measurements[0]!.timing[0]!, { n: 4 });
    expect(rulesOf(parseKommuneSnapshot(survey))).toContain('measurements.0.timing.0.n:minimumAnswers');
    const inconsistent = validSnapshot();
    Object.assign(cellAt(inconsistent, 'written_reasons', 365, null), { value: 0.9 });
    expect(rulesOf(parseKommuneSnapshot(inconsistent))).toContain(
      `cells.${inconsistent.cells.indexOf(cellAt(inconsistent, 'written_reasons', 365, null) as SnapshotCell)}.value:valueOfParts`,
    );
  });

  it('refuses a snapshot with a missing or repeated cell, or a cell of the wrong kind', () => {
    const missing = validSnapshot();
    missing.cells.pop();
    expect(rulesOf(parseKommuneSnapshot(missing))).toContain('cells:complete');
    const wrongKind = validSnapshot();
    Object.assign(cellAt(wrongKind, 'timely_decisions', 30, null), { kind: 'rate' });
    expect(rulesOf(parseKommuneSnapshot(wrongKind)).some((rule) => rule.endsWith('.kind:kindOfIndicator'))).toBe(true);
  });

  it('names the field and the rule without echoing a value', () => {
    const bad = { ...validSnapshot(), kommune: '0101901234' };
    const result = parseKommuneSnapshot(bad);
    expect(rulesOf(result)).toEqual(['kommune:isKommuneCode']);
    expect(JSON.stringify(result)).not.toContain('0101901234');
  });
});
