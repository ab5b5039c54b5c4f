import { INTEGRATION_BUS, KOMMUNE_SNAPSHOTS_TOPIC } from '@tillidsbarometer/bus';
import { DEPARTMENTS, parseKommuneSnapshot, type CaseEventRequest, type KommuneSnapshot } from '@tillidsbarometer/domain';
import { ALL_QUESTION_IDS, scoredQuestionsFor, TIMING_QUESTION, type RespondentRole } from '@tillidsbarometer/surveys';
import { generateHistory } from '@tillidsbarometer/testing';
import { SnapshotPublisher, TrustProjectionService } from '@tillidsbarometer/trust-monitor';
import { loadHistory } from '../support/load-history';
import type { Product } from '../support/product';
import { eventually, startNationalProduct, type NationalProduct } from './support/national-product';

/*
 * DOMAIN.md, Personal data: the secretariat sees only aggregates. Four small kommuner (many small cells) and a
 * larger one send a year of synthetic case events through the real ingest, and one of them closes a temperature
 * measurement with too few caseworkers answering; every kommune publishes its snapshot, and everything the national
 * store then holds, and every message on the bus, is searched for what must never leave a kommune: case numbers,
 * raw person ids, pseudonyms, survey tokens, the measurement's free-text title, and any cell under the thresholds.
 */

const KOMMUNER = ['825', '492', '741', '563', '147'];
const TITLE = 'Forår 2026 på Læsø, ved Jens fra Byrådet';

describe('what reaches the national store', () => {
  let product: NationalProduct;
  const secrets = new Set<string>();

  beforeAll(async () => {
    product = await startNationalProduct({ temperature: true, env: { NATIONAL_FEED_REQUEST_QUIET_MS: '300' } });
    const history = generateHistory({ seed: 20260601, from: '2025-06-01T00:00:00Z', to: '2026-06-01T00:00:00Z', kommuner: KOMMUNER });
    const events: CaseEventRequest[] = [...history.events()];
    for (const event of events) {
      secrets.add(event.caseId);
      for (const field of ['citizenId', 'caseworkerId']) {
        const value = (event.data as Record<string, unknown>)[field];
        if (typeof value === 'string') secrets.add(value);
      }
    }
    await loadHistory(product as unknown as Product, { deadlines: history.deadlines, events });
    const pseudonyms = await product.db.query<{ value: string }>(
      `SELECT DISTINCT coalesce(data->>'citizenPseudonym', data->>'caseworkerPseudonym') AS value FROM event_store.events
       WHERE data->>'citizenPseudonym' IS NOT NULL OR data->>'caseworkerPseudonym' IS NOT NULL`,
    );
    for (const { value } of pseudonyms.rows) secrets.add(value);

    // Læsø's measurement: 8 citizens, 4 caseworkers (under 5: suppressed), 6 leaders answer; then it is closed by hand.
    const leader = await product.token('kommune_leader', '825');
    const roles: RespondentRole[] = ['citizen', 'caseworker', 'leader'];
    const created = await product.request('POST', '/api/v1/kommuner/825/measurements', {
      token: leader,
      body: {
        title: TITLE,
        roles,
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        tokensPerRole: { citizen: 8, caseworker: 4, leader: 6 },
      },
    });
    expect(created.status).toBe(201);
    const { id, tokens } = created.body as { id: string; tokens: Record<RespondentRole, string[]> };
    secrets.add(TITLE);
    const round = { roles, questionIds: ALL_QUESTION_IDS }; // the default: the 13 questions and the timing question
    for (const role of roles) {
      for (const [i, token] of tokens[role].entries()) {
        secrets.add(token);
        const questions = scoredQuestionsFor(round, role);
        const answers = Object.fromEntries(questions.map((q, j) => [q.id, (i + j) % 4]));
        const answer = await product.request('POST', `/api/v1/measurements/${id}/responses`, {
          body: {
            token,
            answers,
            timing: TIMING_QUESTION.categories[i % 3],
            ...(role === 'citizen' ? {} : { department: DEPARTMENTS[i % 5] }),
          },
        });
        expect([role, i, answer.status]).toEqual([role, i, 202]);
      }
    }
    expect((await product.request('POST', `/api/v1/measurements/${id}/close`, { token: leader })).status).toBe(200);
    // The close publishes a snapshot of Læsø of its own (once the feed has been quiet for a moment).
    await eventually('the snapshot of the closed measurement', async () => {
      const { rows } = await product.db.query(
        "SELECT 1 FROM national_feed.snapshots WHERE kommune = '825' AND reason = 'measurement_closed'",
      );
      return rows.length === 1;
    });

    await product.app.get(TrustProjectionService).caughtUp();
    await product.app.get(SnapshotPublisher).publishAllSnapshots({ kommuner: KOMMUNER });
    await eventually(
      'every kommune in the national store, Læsø with its measurement',
      async () => {
        const { rows } = await product.db.query<{ kommune: string; measurements: number }>(
          `SELECT l.kommune, json_array_length(s.payload->'measurements') AS measurements
           FROM national.latest l JOIN national.snapshots s ON s.snapshot_id = l.snapshot_id`,
        );
        return rows.length === KOMMUNER.length && rows.find((row) => row.kommune === '825')?.measurements === 1;
      },
      120_000,
    );
  }, 300_000);

  afterAll(() => product?.close());

  it('holds no case number, person id, pseudonym, survey token or free text in any table of the national store', async () => {
    const { rows: tables } = await product.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'national' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['kommune_warnings', 'latest', 'latest_cells', 'outliers', 'parked', 'snapshots']);
    let text = '';
    for (const { table_name } of tables) {
      const { rows } = await product.db.query<{ row: unknown }>(`SELECT row_to_json(t) AS row FROM national.${table_name} t`);
      text += rows.map((r) => JSON.stringify(r.row)).join('\n');
    }
    expect(text.length).toBeGreaterThan(100_000);
    expect(secrets.size).toBeGreaterThan(1_000);
    const found = [...secrets].filter((secret) => text.includes(secret));
    expect(found).toEqual([]);
  });

  it('puts no such thing on the bus either, and every message there keeps the suppression rules', async () => {
    const { rows } = await product.db.query<{ value: Buffer }>('SELECT value FROM bus.messages WHERE topic = $1', [
      KOMMUNE_SNAPSHOTS_TOPIC,
    ]);
    expect(rows.length).toBeGreaterThanOrEqual(KOMMUNER.length + 1); // publishAllSnapshots, and Læsø's on its closed measurement
    for (const { value } of rows) {
      const text = value.toString('utf8');
      expect([...secrets].filter((secret) => text.includes(secret))).toEqual([]);
      const parsed = parseKommuneSnapshot(text);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    }
    expect(product.app.get(INTEGRATION_BUS)).toBeDefined();
  });

  it('holds no cell under the thresholds, and no department cell a whole-kommune total would give back', async () => {
    const small = await product.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM national.latest_cells
       WHERE NOT suppressed AND ((kind = 'distribution' AND n < 3) OR (kind <> 'distribution' AND denominator < 3))`,
    );
    expect(small.rows[0]!.n).toBe(0);
    // Checked here again, independently of the door's code, on every snapshot the store keeps (the history too).
    const { rows } = await product.db.query<{ payload: KommuneSnapshot }>('SELECT payload FROM national.snapshots');
    let suppressed = 0;
    for (const { payload } of rows) {
      const size = (cell: Record<string, unknown>) => Number(cell.kind === 'distribution' ? cell.n : cell.denominator);
      for (const cell of [...payload.cells, ...payload.trend] as Array<Record<string, unknown>>) {
        if (cell.suppressed) suppressed += 1;
        else expect([payload.kommune, cell.indicator, size(cell) >= 3]).toEqual([payload.kommune, cell.indicator, true]);
      }
      for (const indicator of new Set(payload.cells.map((c) => c.indicator))) {
        for (const window of [30, 90, 365]) {
          const row = payload.cells.filter((c) => c.indicator === indicator && c.window === window) as Array<Record<string, unknown>>;
          const whole = row.find((c) => c.department === null)!;
          if (whole.suppressed) continue;
          const departments = row.filter((c) => c.department !== null);
          const hidden = departments.filter((c) => c.suppressed);
          const givenBack = size(whole) - departments.filter((c) => !c.suppressed).reduce((sum, c) => sum + size(c), 0);
          // No hidden department, or two or more holding at least 3 units together.
          expect([payload.kommune, indicator, window, hidden.length === 0 || (hidden.length >= 2 && givenBack >= 3)]).toEqual([
            payload.kommune,
            indicator,
            window,
            true,
          ]);
        }
      }
    }
    expect(suppressed).toBeGreaterThan(0); // small kommuner: there was something to suppress
    const measured = await product.db.query<{ payload: KommuneSnapshot }>(
      "SELECT s.payload FROM national.latest l JOIN national.snapshots s ON s.snapshot_id = l.snapshot_id WHERE l.kommune = '825'",
    );
    const [measurement] = measured.rows[0]!.payload.measurements;
    expect(measurement!.responses).toEqual([
      { role: 'citizen', suppressed: false, n: 8 },
      { role: 'caseworker', suppressed: true, n: null },
      { role: 'leader', suppressed: false, n: 6 },
    ]);
    expect(measurement!.questions.filter((q) => q.role === 'caseworker').every((q) => q.suppressed)).toBe(true);
    expect(measurement!.questions.filter((q) => !q.suppressed).every((q) => q.n! >= 5)).toBe(true);
    expect(measurement!.gaps.filter((g) => g.gap !== 'L-B').every((g) => g.suppressed)).toBe(true);
    expect(JSON.stringify(measurement)).not.toContain(TITLE);
    // The close itself published a snapshot of Læsø (reason measurement_closed), besides the one asked for all.
    const reasons = await product.db.query<{ reason: string }>(
      "SELECT reason FROM national.snapshots WHERE kommune = '825' ORDER BY reason",
    );
    expect(reasons.rows.map((row) => row.reason)).toEqual(['measurement_closed', 'on_demand']);
  });

  it('answers the secretariat from it', async () => {
    const answer = await product.request('GET', '/api/v1/national/kommuner?indicator=timely_decisions&window=365', {
      token: await product.token('secretariat'),
    });
    expect(answer.status).toBe(200);
    const rows = (answer.body as { kommuner: Array<{ kommune: string; reported: boolean }> }).kommuner;
    expect(
      rows
        .filter((row) => row.reported)
        .map((row) => row.kommune)
        .sort(),
    ).toEqual([...KOMMUNER].sort());
  });
});
