import { migrate, openPGlite, type Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { trustMonitorMigrations } from '../../projection/schema';
import { weeklySeries } from './kommune-deterioration';
import { loadWeeklyCounts } from './weekly-counts.query';

// Weeks of Europe/Copenhagen around the change to summer time (Sunday 29 March 2026): the week ending Monday 23 March
// 00:00 CET = 22 Mar 23:00Z, then one of 167 hours ending Monday 30 March 00:00 CEST = 29 Mar 22:00Z, then 5 April 22:00Z.
const W0 = '2026-03-22T23:00:00.000Z';
const W1 = '2026-03-29T22:00:00.000Z';
const W2 = '2026-04-05T22:00:00.000Z';
const NOW = new Date('2026-04-06T10:00:00Z'); // the week ending 12 April has not ended: not counted

interface CaseRow {
  id: string;
  department?: string;
  deadline: string | null;
  decided?: string;
  closed?: string;
}
// A: due exactly at a week end, decided then: on time, in the week that ends there (weeks are (start, end]).
// B: due a millisecond after that week end, never decided: late, the next week.
// C: due Sunday 23:30 CEST, decided a millisecond late: late (health).
// D: closed before its deadline: left out. E: closed after its deadline without a decision: late. F: no deadline.
const CASES: CaseRow[] = [
  { id: 'A', deadline: W0, decided: W0 },
  { id: 'B', deadline: '2026-03-22T23:00:00.001Z' },
  { id: 'C', department: 'health', deadline: '2026-03-29T21:30:00Z', decided: '2026-03-29T21:30:00.001Z' },
  { id: 'D', deadline: '2026-03-29T22:30:00Z', closed: '2026-03-25T12:00:00Z' },
  { id: 'E', deadline: '2026-03-25T12:00:00Z', closed: '2026-03-26T12:00:00Z' },
  { id: 'F', deadline: null },
];
// Grants: G1 due at a week end and started then (on time); G2 never started (late); G3 decided after its week ended
// (left out of it); G4 of case D, closed before the due date (left out); G5 started a day late (late, next week).
const GRANTS = [
  { id: 'G1', caseId: 'A', due: W0, decided: '2026-03-18T12:00:00Z', help: W0 },
  { id: 'G2', caseId: 'B', due: '2026-03-24T12:00:00Z', decided: '2026-03-20T12:00:00Z', help: null },
  { id: 'G3', caseId: 'C', due: '2026-03-24T12:00:00Z', decided: '2026-03-31T12:00:00Z', help: null },
  { id: 'G4', caseId: 'D', due: '2026-03-26T12:00:00Z', decided: '2026-03-20T12:00:00Z', help: null },
  { id: 'G5', caseId: 'A', due: '2026-04-01T12:00:00Z', decided: '2026-03-20T12:00:00Z', help: '2026-04-02T12:00:00Z' },
];

describe.each(['pglite', 'postgres'] as const)('the weekly counts of the delayed-help series (%s)', (engine) => {
  let db: Database;
  let testDatabase: TestDatabase | undefined;

  beforeAll(async () => {
    testDatabase = engine === 'postgres' ? await createTestDatabase('postgres') : undefined;
    db = testDatabase ? testDatabase.connectAgain() : await openPGlite();
    await migrate(db, 'trust_monitor', trustMonitorMigrations);
    const department = (row: CaseRow) => row.department ?? 'adult_disability';
    for (const row of CASES) {
      await db.query(
        `INSERT INTO trust_monitor.cases (kommune, case_id, department, area, received_at, deadline_days, deadline_at, closed_at, first_decided_at, file)
         VALUES ('101', $1, $2, 'sel_83', $3, $4, $5, $6, $7, '{}')`,
        [row.id, department(row), '2026-03-18T10:00:00Z', row.deadline ? 28 : null, row.deadline, row.closed ?? null, row.decided ?? null],
      );
    }
    for (const grant of GRANTS) {
      const owner = CASES.find((row) => row.id === grant.caseId)!;
      await db.query(
        `INSERT INTO trust_monitor.decisions (kommune, case_id, decision_id, department, decided_at, outcome, is_refusal, written_reasons,
           complaint_guidance, help_due_at, first_help_at, explained_in_time)
         VALUES ('101', $1, $2, $3, $4, 'granted', false, true, true, $5, $6, false)`,
        [grant.caseId, grant.id, department(owner), grant.decided, grant.due, grant.help],
      );
    }
  });
  afterAll(async () => {
    await db?.close();
    await testDatabase?.drop();
  });

  it('puts each case and grant in its Copenhagen week, by the contract, and counts only ended weeks', async () => {
    const counts = (await loadWeeklyCounts(db, '101', NOW))!;
    expect(counts.weekEnds.map((ms) => new Date(ms).toISOString())).toEqual([W0, W1, W2]);
    const pairs = (series: 'late_first_decisions' | 'late_help_starts', department: string | null) =>
      weeklySeries(counts, series, department).map(({ n, late }) => [n, late]);
    // W0: A on time. W1: B and E late (adult), C late (health). W2: D left out.
    expect(pairs('late_first_decisions', 'adult_disability')).toEqual([
      [1, 0],
      [2, 2],
      [0, 0],
    ]);
    expect(pairs('late_first_decisions', 'health')).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
    expect(pairs('late_first_decisions', null)).toEqual([
      [1, 0],
      [3, 3],
      [0, 0],
    ]);
    // W0: G1 on time. W1: G2 late (G3 decided after the week, G4 closed before its due date). W2: G5 late.
    expect(pairs('late_help_starts', null)).toEqual([
      [1, 0],
      [1, 1],
      [1, 1],
    ]);
  });

  it('has no weeks for a kommune without cases', async () => {
    expect(await loadWeeklyCounts(db, '825', NOW)).toBeNull();
  });
});
