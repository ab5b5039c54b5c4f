import { randomUUID } from 'node:crypto';
import { INTEGRATION_BUS, KOMMUNE_SNAPSHOTS_TOPIC, type IntegrationBus } from '@tillidsbarometer/bus';
import { KOMMUNE_CODES, KOMMUNER, type KommuneSnapshot, type SnapshotCell } from '@tillidsbarometer/domain';
import { fixtureSnapshot, publishSnapshots } from './support/snapshot-fixtures';
import { eventually, startNationalProduct, type NationalProduct } from './support/national-product';

/*
 * The secretariat's API over a national store fed through the bus with 97 kommuner's snapshots, made by the
 * publisher's own code from figures chosen for the test: one kommune far below the others on timely decisions
 * (a NATIONAL_OUTLIER), one whose whole-kommune late_help_start is under 3 (suppressed), one that never reported.
 */

const AS_OF = new Date('2026-11-23T00:00:00+01:00');
const SILENT = '825'; // Læsø reports nothing
const OUTLIER = '751'; // Aarhus: 10 of 150 decisions in time
const TINY = '860'; // Hjørring: 1 late help start of 2

const snapshots: KommuneSnapshot[] = KOMMUNE_CODES.filter((code) => code !== SILENT).map((kommune, i) =>
  fixtureSnapshot({
    kommune,
    asOf: AS_OF,
    size: 4 + (i % 10) * 3,
    rows: {
      ...(kommune === OUTLIER ? { timely_decisions: [10, 150] as [number, number] } : {}),
      ...(kommune === TINY ? { late_help_start: [1, 2] as [number, number] } : {}),
    },
    warnings:
      kommune === '101'
        ? [
            {
              code: 'DELAYED_HELP_DETERIORATION',
              department: 'jobcenter',
              series: 'late_first_decisions',
              method: 'bernoulli_cusum',
              parameters: { h: 4.5, oddsRatio: 2 },
              firedAt: '2026-11-09T23:00:00.000Z',
              clearedAt: null,
            },
          ]
        : [],
  }),
);

const whole = (snapshot: KommuneSnapshot, indicator: string, window: number) =>
  snapshot.cells.find((c) => c.indicator === indicator && c.window === window && c.department === null) as SnapshotCell & {
    numerator: number | null;
    denominator: number | null;
  };

describe('the national API', () => {
  let product: NationalProduct;
  let bus: IntegrationBus;
  let secretariat: string;

  beforeAll(async () => {
    product = await startNationalProduct({ kommuner: false });
    bus = product.app.get<IntegrationBus>(INTEGRATION_BUS);
    await publishSnapshots(bus, snapshots);
    await eventually(
      'the 97 snapshots to be stored',
      async () => (await product.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national.latest')).rows[0]!.n === 97,
      120_000,
    );
    secretariat = await product.token('secretariat');
  }, 180_000);

  afterAll(() => product?.close());

  const get = async (path: string, token: string | null = secretariat) => product.request('GET', path, { token: token ?? undefined });

  it('gives the national figure as Σ numerators / Σ denominators of the whole-kommune totals', async () => {
    const answer = await get('/api/v1/national/indicators?window=365');
    expect(answer.status).toBe(200);
    const body = answer.body as {
      window: number;
      kommuner: { reporting: number; missing: string[] };
      indicators: Record<string, Record<string, unknown>>;
    };
    expect(body.window).toBe(365);
    expect(body.kommuner).toEqual({ reporting: 97, missing: [SILENT] });
    const cells = snapshots.map((s) => whole(s, 'timely_decisions', 365));
    const numerator = cells.reduce((sum, c) => sum + c.numerator!, 0);
    const denominator = cells.reduce((sum, c) => sum + c.denominator!, 0);
    expect(body.indicators['timely_decisions']).toMatchObject({
      kind: 'proportion',
      numerator,
      denominator,
      kommunerIncluded: 97,
      kommunerSuppressed: 0,
    });
    expect(body.indicators['timely_decisions']!.value).toBeCloseTo(numerator / denominator, 12);
    // Hjørring's 1 of 2 cannot be counted anywhere: it never left Hjørring.
    expect(body.indicators['late_help_start']).toMatchObject({ kommunerIncluded: 96, kommunerSuppressed: 1 });
    expect(body.indicators['time_to_decision_days']).toMatchObject({ kind: 'distribution', value: null });
    expect((body.indicators['timely_decisions']!.trend as unknown[]).length).toBe(12);
  });

  it('lists the 98 kommuner in code order with region, suppressed cells marked and a trend, never ranked by the figure', async () => {
    const answer = await get('/api/v1/national/kommuner?indicator=late_help_start&window=90');
    expect(answer.status).toBe(200);
    const body = answer.body as { kommuner: Array<Record<string, unknown>>; national: Record<string, unknown>; order: string };
    expect(body.kommuner.map((row) => row.kommune)).toEqual(KOMMUNE_CODES);
    expect(body.order).toBe('code');
    expect(body.kommuner.find((row) => row.kommune === SILENT)).toMatchObject({ reported: false, value: null, suppressed: false });
    expect(body.kommuner.find((row) => row.kommune === TINY)).toMatchObject({
      reported: true,
      suppressed: true,
      value: null,
      numerator: null,
      denominator: null,
      ci95: null,
    });
    const aarhus = body.kommuner.find((row) => row.kommune === OUTLIER)!;
    expect(aarhus).toMatchObject({ name: 'Aarhus', region: 'Region Midtjylland', suppressed: false });
    expect((aarhus.trend as unknown[]).length).toBe(12);
    const byName = await get('/api/v1/national/kommuner?indicator=late_help_start&order=name');
    const names = (byName.body as { kommuner: Array<{ name: string }> }).kommuner.map((row) => row.name);
    expect(names).toEqual([...KOMMUNER.map((k) => k.name)].sort(new Intl.Collator('da').compare));
    const department = await get('/api/v1/national/kommuner?indicator=timely_decisions&department=health');
    expect((department.body as { kommuner: Array<{ trend: unknown }> }).kommuner.every((row) => row.trend === null)).toBe(true);
  });

  it('draws the funnel of a proportion with 95 % and 99.8 % limits, the outlier outside them', async () => {
    const answer = await get('/api/v1/national/funnel?indicator=timely_decisions&window=365');
    expect(answer.status).toBe(200);
    const funnel = answer.body as {
      target: number;
      tau2: number;
      points: Array<{ kommune: string; outside998: string | null; limits998: [number, number]; rate: number }>;
      limits: unknown[];
      missing: string[];
    };
    expect(funnel.points).toHaveLength(97);
    expect(funnel.missing).toEqual([SILENT]);
    expect(funnel.limits).toHaveLength(60);
    const aarhus = funnel.points.find((p) => p.kommune === OUTLIER)!;
    expect(aarhus.rate).toBeCloseTo(10 / 150, 12);
    expect(aarhus.outside998).toBe('below');
    expect(aarhus.limits998[0]).toBeGreaterThan(aarhus.rate);
    expect(funnel.points.filter((p) => p.outside998 !== null).map((p) => p.kommune)).toEqual([OUTLIER]);
    const tiny = await get('/api/v1/national/funnel?indicator=late_help_start&window=365');
    expect((tiny.body as { suppressed: string[] }).suppressed).toEqual([TINY]);
  });

  it('lists NATIONAL_OUTLIER with its method and parameters, and the kommune warnings that were published', async () => {
    const answer = await get('/api/v1/national/warnings');
    expect(answer.status).toBe(200);
    const warnings = (answer.body as { warnings: Array<Record<string, unknown>> }).warnings;
    expect(warnings.find((w) => w.code === 'NATIONAL_OUTLIER')).toMatchObject({
      kommune: OUTLIER,
      series: 'timely_decisions',
      method: 'spiegelhalter_funnel',
      parameters: { window: 365, limit: 0.998, winsorisation: 0.1 },
      firedAt: AS_OF.toISOString(),
      clearedAt: null,
      details: { direction: 'below', worse: true },
    });
    expect(warnings.filter((w) => w.code === 'NATIONAL_OUTLIER')).toHaveLength(1);
    expect(warnings.find((w) => w.code === 'DELAYED_HELP_DETERIORATION')).toMatchObject({
      kommune: '101',
      department: 'jobcenter',
      series: 'late_first_decisions',
      method: 'bernoulli_cusum',
      firedAt: '2026-11-09T23:00:00.000Z',
    });
    const filtered = await get('/api/v1/national/warnings?code=NATIONAL_OUTLIER&kommune=101');
    expect((filtered.body as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('clears NATIONAL_OUTLIER when the kommune comes back within the limits', async () => {
    const later = new Date(AS_OF.getTime() + 7 * 86_400_000);
    await publishSnapshots(bus, [fixtureSnapshot({ kommune: OUTLIER, asOf: later, size: 30 })]);
    await eventually('the outlier to clear', async () => {
      const all = await get('/api/v1/national/warnings?status=all&code=NATIONAL_OUTLIER');
      const [episode] = (all.body as { warnings: Array<{ clearedAt: string | null }> }).warnings;
      return episode?.clearedAt === later.toISOString();
    });
    expect(((await get('/api/v1/national/warnings?code=NATIONAL_OUTLIER')).body as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it.each([
    ['/api/v1/national/indicators'],
    ['/api/v1/national/kommuner?indicator=timely_decisions'],
    ['/api/v1/national/funnel?indicator=timely_decisions'],
    ['/api/v1/national/warnings'],
  ])('%s: 401 without a token, 403 for every kommune role, 200 for the secretariat and admin', async (path) => {
    expect((await get(path, null)).status).toBe(401);
    for (const role of ['source_system', 'kommune_staff', 'kommune_leader'] as const) {
      const answer = await get(path, await product.token(role, '101'));
      expect([role, answer.status]).toEqual([role, 403]);
    }
    expect((await get(path, secretariat)).status).toBe(200);
    expect((await get(path, await product.token('admin'))).status).toBe(200);
  });

  it.each([
    ['/api/v1/national/kommuner', 'indicator', 'isDefined'],
    ['/api/v1/national/kommuner?indicator=happiness', 'indicator', 'isIn'],
    ['/api/v1/national/kommuner?indicator=timely_decisions&window=7', 'window', 'isIn'],
    ['/api/v1/national/funnel?indicator=caseworker_changes_per_case_year', 'indicator', 'isIn'],
    ['/api/v1/national/indicators?sort=value', 'sort', 'unknownField'],
    ['/api/v1/national/warnings?kommune=999', 'kommune', 'isKommuneCode'],
  ])('%s: 400 naming %s and the rule %s', async (path, field, rule) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: Array<{ field: string; rule: string }> }).errors).toContainEqual(
      expect.objectContaining({ field, rule }),
    );
  });

  it('parks what is no valid snapshot, with the reason, and still stores the snapshots behind it', async () => {
    const good = fixtureSnapshot({ kommune: SILENT, asOf: AS_OF, size: 5 });
    const leaky = structuredClone(fixtureSnapshot({ kommune: SILENT, asOf: AS_OF, size: 5 }));
    Object.assign(whole(leaky, 'appeal_reversal_rate', 30), { suppressed: false, value: 0.5, numerator: 1, denominator: 2 });
    const v2 = { ...fixtureSnapshot({ kommune: SILENT, asOf: AS_OF, size: 5 }), version: 2 };
    const mismatched = fixtureSnapshot({ kommune: SILENT, asOf: AS_OF, size: 5 });
    const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
    await bus.publish(KOMMUNE_SNAPSHOTS_TOPIC, [
      { key: SILENT, id: randomUUID(), value: bytes('{"this is": not json') },
      { key: SILENT, id: v2.snapshotId, value: bytes(v2) },
      { key: SILENT, id: leaky.snapshotId, value: bytes(leaky) },
      { key: SILENT, id: randomUUID(), value: bytes(mismatched) },
      { key: SILENT, id: good.snapshotId, value: bytes(good) },
    ]);
    await eventually('the good snapshot behind the bad ones', async () => {
      const { rows } = await product.db.query<{ snapshot_id: string }>('SELECT snapshot_id FROM national.latest WHERE kommune = $1', [
        SILENT,
      ]);
      return rows[0]?.snapshot_id === good.snapshotId;
    });
    const parked = await product.db.query<{ reason: string; errors: Array<{ rule: string }> }>(
      'SELECT reason, errors FROM national.parked ORDER BY id',
    );
    expect(parked.rows.map((row) => [row.reason, row.errors[0]!.rule])).toEqual([
      ['invalid snapshot', 'isJson'],
      ['unknown schema or version', 'supportedVersion'],
      ['invalid snapshot', 'minimumUnits'],
      ['message does not match its snapshot', 'matchesSnapshot'],
    ]);
    for (const id of [v2.snapshotId, leaky.snapshotId]) {
      expect((await product.db.query('SELECT 1 FROM national.snapshots WHERE snapshot_id = $1', [id])).rowCount).toBe(0);
    }
  });
});
