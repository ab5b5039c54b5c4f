import { randomUUID } from 'node:crypto';
import type { Department, KommuneSnapshot, SnapshotCell } from '@tillidsbarometer/domain';
import { SnapshotPublisher, SnapshotRelay, TrustProjectionService } from '@tillidsbarometer/trust-monitor';
import { WeeklyPublication } from '@tillidsbarometer/trust-monitor/src/national-feed/schedule/weekly-publication';
import { eventually, startNationalProduct, type NationalProduct } from './support/national-product';

/*
 * The snapshot a kommune publishes, from hand-made case histories through the real ingest, projection and
 * publisher, compared with the kommune's own (unsuppressed) API and with the suppression rules worked by hand;
 * then carried by the bus into the national store.
 */

const KOMMUNE = '147'; // Frederiksberg
const AS_OF = '2026-06-01T00:00:00.000Z';
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();
const asOfMs = Date.parse(AS_OF);

/**
 * Refusals decided 50 days before asOf on cases received 30 (in time: deadline 35 days) or 45 days before that
 * (late), per department: [cases, of which decided in time]. Whole kommune: 30 cases, 25 in time.
 */
const PLAN: Array<[Department, number, number]> = [
  ['adult_disability', 2, 1],
  ['children_family', 6, 5],
  ['jobcenter', 4, 4],
  ['health', 8, 6],
  ['other', 10, 9],
];

function caseEvents(): unknown[] {
  const events: unknown[] = [];
  let n = 0;
  for (const [department, cases, timely] of PLAN) {
    for (let i = 0; i < cases; i++) {
      n += 1;
      const caseId = `FRB-2026-${String(n).padStart(4, '0')}`;
      const decidedAt = asOfMs - 50 * DAY + n * 60_000;
      const receivedAt = decidedAt - (i < timely ? 30 : 45) * DAY;
      const envelope = (type: string, occurredAt: number, data: Record<string, unknown>) => ({
        eventId: randomUUID(),
        type,
        kommune: KOMMUNE,
        caseId,
        occurredAt: at(occurredAt),
        data,
      });
      events.push(
        envelope('HelpRequested', receivedAt, { citizenId: `cit-${n}`, area: 'sel_83', department, channel: 'written' }),
        envelope('CaseworkerAssigned', receivedAt + DAY, { caseworkerId: `cw-${n % 3}`, reason: 'initial' }),
        envelope('DecisionMade', decidedAt, {
          decisionId: `D-${n}`,
          outcome: 'refused',
          writtenReasons: true,
          complaintGuidance: n % 2 === 0,
          decidedBy: 'caseworker',
        }),
      );
    }
  }
  // One appeal decided in the whole kommune: appeal_reversal_rate is 1 of 1, under 3 everywhere.
  events.push(
    {
      eventId: randomUUID(),
      type: 'ComplaintReceived',
      kommune: KOMMUNE,
      caseId: 'FRB-2026-0003',
      occurredAt: at(asOfMs - 40 * DAY),
      data: { complaintId: 'K-1', kind: 'appeal', decisionId: 'D-3' },
    },
    {
      eventId: randomUUID(),
      type: 'ComplaintReassessed',
      kommune: KOMMUNE,
      caseId: 'FRB-2026-0003',
      occurredAt: at(asOfMs - 35 * DAY),
      data: { complaintId: 'K-1', result: 'kept' },
    },
    {
      eventId: randomUUID(),
      type: 'AppealDecided',
      kommune: KOMMUNE,
      caseId: 'FRB-2026-0003',
      occurredAt: at(asOfMs - 10 * DAY),
      data: { complaintId: 'K-1', outcome: 'aendret' },
    },
  );
  return events;
}

const cellOf = (snapshot: KommuneSnapshot, indicator: string, window: number, department: Department | null) =>
  snapshot.cells.find((c) => c.indicator === indicator && c.window === window && c.department === department) as SnapshotCell &
    Record<string, unknown>;

describe.each(['postgres', 'pglite'] as const)('the kommune snapshot (%s)', (engine) => {
  let product: NationalProduct;
  let snapshot: KommuneSnapshot;

  beforeAll(async () => {
    product = await startNationalProduct({ engine });
    const leader = await product.token('kommune_leader', KOMMUNE);
    const deadlines = await product.request('PUT', `/api/v1/kommuner/${KOMMUNE}/deadlines`, {
      token: leader,
      body: [{ area: 'sel_83', days: 35, effectiveFrom: '2025-01-01T00:00:00Z' }],
    });
    expect(deadlines.status).toBeLessThan(300);
    const ingest = await product.request('POST', '/api/v1/events', {
      token: await product.token('source_system', KOMMUNE),
      body: caseEvents(),
    });
    expect(ingest.status).toBe(200);
    expect((ingest.body as Array<{ status: string }>).every((r) => r.status === 'stored')).toBe(true);
    await product.app.get(TrustProjectionService).caughtUp();
    const published = await product.app.get(SnapshotPublisher).publish(KOMMUNE, 'on_demand', { asOf: new Date(AS_OF) });
    const { rows } = await product.db.query<{ payload: string }>('SELECT payload FROM national_feed.snapshots WHERE snapshot_id = $1', [
      published.snapshotId,
    ]);
    snapshot = JSON.parse(rows[0]!.payload) as KommuneSnapshot;
  }, 120_000);

  afterAll(() => product?.close());

  it('holds every indicator × window × (whole kommune, five departments), as of the moment asked', () => {
    expect(snapshot).toMatchObject({
      schema: 'tillidsbarometer/kommune-snapshot',
      version: 1,
      kommune: KOMMUNE,
      reason: 'on_demand',
      asOf: AS_OF,
    });
    expect(snapshot.cells).toHaveLength(16 * 3 * 6);
    // The last 12 month ends (1 July 2025 ... 1 June 2026, 00:00 Copenhagen) × 3 windows × 12 trend indicators.
    expect(new Set(snapshot.trend.map((c) => c.at)).size).toBe(12);
    expect(snapshot.trend.at(-1)!.at).toBe('2026-05-31T22:00:00.000Z');
    expect(snapshot.trend).toHaveLength(12 * 3 * 12);
  });

  it('suppresses the department under 3 and the next smallest, and keeps the whole kommune as its own API counts it', async () => {
    // adult_disability 1/2 (under 3), jobcenter 4/4 (the smallest of the rest), the others published; whole 25/30.
    expect(cellOf(snapshot, 'timely_decisions', 90, 'adult_disability')).toMatchObject({
      suppressed: true,
      numerator: null,
      denominator: null,
      value: null,
    });
    expect(cellOf(snapshot, 'timely_decisions', 90, 'jobcenter')).toMatchObject({ suppressed: true, numerator: null });
    expect(cellOf(snapshot, 'timely_decisions', 90, 'children_family')).toMatchObject({ suppressed: false, numerator: 5, denominator: 6 });
    expect(cellOf(snapshot, 'timely_decisions', 90, 'health')).toMatchObject({ suppressed: false, numerator: 6, denominator: 8 });
    expect(cellOf(snapshot, 'timely_decisions', 90, 'other')).toMatchObject({ suppressed: false, numerator: 9, denominator: 10 });
    expect(cellOf(snapshot, 'timely_decisions', 90, null)).toMatchObject({
      suppressed: false,
      numerator: 25,
      denominator: 30,
      value: 25 / 30,
    });
    // The decisions were 50 days before asOf: none in the 30-day window, so every cell there is suppressed (0 units).
    expect(cellOf(snapshot, 'timely_decisions', 30, null)).toMatchObject({ suppressed: true });
    // 1 appeal decision in the whole kommune: nothing of it leaves.
    for (const department of [null, 'adult_disability', 'children_family', 'jobcenter', 'health', 'other'] as const) {
      expect(cellOf(snapshot, 'appeal_reversal_rate', 90, department).suppressed).toBe(true);
    }
    // Every whole-kommune cell that is published carries exactly the kommune's own unsuppressed figure.
    const staff = await product.token('kommune_staff', KOMMUNE);
    for (const window of [30, 90, 365]) {
      const own = await product.request('GET', `/api/v1/kommuner/${KOMMUNE}/indicators?asOf=${AS_OF}&window=${window}`, { token: staff });
      const indicators = (own.body as { indicators: Record<string, Record<string, unknown>> }).indicators;
      for (const [id, figure] of Object.entries(indicators)) {
        const cell = cellOf(snapshot, id, window, null);
        if (cell.suppressed) continue;
        for (const key of ['numerator', 'denominator', 'value', 'n', 'median', 'p90', 'count'] as const) {
          if (key in figure && key in cell) expect([id, window, key, cell[key]]).toEqual([id, window, key, figure[key]]);
        }
      }
    }
  });

  it('carries no case reference, pseudonym or free text', async () => {
    const text = JSON.stringify(snapshot);
    expect(text).not.toMatch(/FRB-2026|cit-\d|cw-\d|"caseId"|[Pp]seudonym/);
    const { rows } = await product.db.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM event_store.events WHERE event_type = 'CaseworkerAssigned'",
    );
    for (const { data } of rows) expect(text).not.toContain(String(data['caseworkerPseudonym']));
  });

  it('goes through the bus into the national store once, and the national figures come from it', async () => {
    await product.app.get(SnapshotRelay).relayPending();
    // Sent again (a crash after the bus accepted it, before it was marked sent): still stored once.
    await product.db.query('UPDATE national_feed.snapshots SET published_at = NULL');
    await product.app.get(SnapshotRelay).relayPending();
    await eventually('the national store to have the snapshot', async () => {
      const { rows } = await product.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national.latest WHERE kommune = $1', [
        KOMMUNE,
      ]);
      return rows[0]!.n === 1;
    });
    const secretariat = await product.token('secretariat');
    const table = await product.request('GET', '/api/v1/national/kommuner?indicator=timely_decisions&window=90', { token: secretariat });
    expect(table.status).toBe(200);
    const row = (table.body as { kommuner: Array<Record<string, unknown>> }).kommuner.find((r) => r.kommune === KOMMUNE);
    expect(row).toMatchObject({
      name: 'Frederiksberg',
      region: 'Region Hovedstaden',
      reported: true,
      numerator: 25,
      denominator: 30,
      suppressed: false,
    });
    const national = await product.request('GET', '/api/v1/national/indicators?window=90', { token: secretariat });
    expect((national.body as { indicators: Record<string, unknown> }).indicators['timely_decisions']).toMatchObject({
      numerator: 25,
      denominator: 30,
      kommunerIncluded: 1,
    });
    const stored = await product.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national.snapshots');
    expect(stored.rows[0]!.n).toBe(1);
  });
  it('publishes the week once per kommune, as of Monday 00:00 Europe/Copenhagen', async () => {
    const weekly = product.app.get(WeeklyPublication);
    // Wednesday 10 June 2026: the week began Monday 8 June 00:00 CEST = 7 June 22:00Z.
    expect(await weekly.publishWeek(new Date('2026-06-10T10:00:00Z'))).toBe(1); // the one kommune with facts
    expect(await weekly.publishWeek(new Date('2026-06-12T10:00:00Z'))).toBe(0); // the week is covered
    const { rows } = await product.db.query<{ as_of: Date; occasion: string }>(
      "SELECT as_of, occasion FROM national_feed.snapshots WHERE kommune = $1 AND reason = 'weekly'",
      [KOMMUNE],
    );
    expect(rows.map((row) => [row.as_of.toISOString(), row.occasion])).toEqual([['2026-06-07T22:00:00.000Z', '2026-06-07T22:00:00.000Z']]);
  });

  it('publishes on demand for the kommune leader, shows what left the kommune, and refuses everyone else', async () => {
    const path = `/api/v1/kommuner/${KOMMUNE}/snapshots`;
    const leader = await product.token('kommune_leader', KOMMUNE);
    const posted = await product.request('POST', path, { token: leader });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ kommune: KOMMUNE, reason: 'on_demand', created: true, snapshotId: expect.any(String) });
    const { snapshotId } = posted.body as { snapshotId: string };
    expect((await product.request('POST', path)).status).toBe(401);
    for (const [role, kommune] of [
      ['kommune_staff', KOMMUNE],
      ['source_system', KOMMUNE],
      ['kommune_leader', '101'],
      ['secretariat', undefined],
    ] as const) {
      expect([role, kommune, (await product.request('POST', path, { token: await product.token(role, kommune) })).status]).toEqual([
        role,
        kommune,
        403,
      ]);
    }
    expect((await product.request('POST', path, { token: await product.token('admin') })).status).toBe(202);
    expect((await product.request('POST', `${path}?asOf=2026-01-01T00:00:00Z`, { token: leader })).status).toBe(400);
    const staff = await product.token('kommune_staff', KOMMUNE);
    const listed = await product.request('GET', path, { token: staff });
    expect((listed.body as { snapshots: Array<{ snapshotId: string }> }).snapshots[1]).toMatchObject({ snapshotId, reason: 'on_demand' });
    const one = await product.request('GET', `${path}/${snapshotId}`, { token: staff });
    expect(one.body).toMatchObject({ snapshotId, kommune: KOMMUNE, schema: 'tillidsbarometer/kommune-snapshot' });
    expect(
      (await product.request('GET', `/api/v1/kommuner/101/snapshots/${snapshotId}`, { token: await product.token('kommune_staff', '101') }))
        .status,
    ).toBe(404);
    expect((await product.request('GET', path, { token: await product.token('secretariat') })).status).toBe(403);
    // And everything published is relayed and stored nationally, once.
    const sent = await product.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national_feed.snapshots');
    await eventually('every snapshot of the kommune stored once', async () => {
      const stored = await product.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national.snapshots');
      return stored.rows[0]!.n === sent.rows[0]!.n;
    });
  });
});
