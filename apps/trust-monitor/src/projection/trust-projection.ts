import { isCaseStream, PERSONAL_CONTACT_KINDS, type CaseEvent, type Deadline } from '@tillidsbarometer/domain';
import type { RecordedEvent, SqlClient } from '@tillidsbarometer/event-store';
import { applyToCaseFile, newCaseFile, type CaseDeadline, type CaseFile, type FactChange } from './case-file';
import { caseFlags } from './case-flags';
import { appealRows, assignmentRows, caseRow, decisionRows } from './fact-rows';

/** The subscription that feeds the trust monitor's read model; its checkpoint commits with the facts. */
export const TRUST_PROJECTION = 'trust-monitor';

interface LoadedCase {
  file: CaseFile;
  deadline: CaseDeadline | undefined;
  changes: Set<FactChange>;
}

/**
 * Turns a batch of stored events into facts, in the subscription's transaction: one set of bulk statements per
 * batch, never one per event, so a rebuild replays millions of events at speed. What it writes depends only on
 * the events (never on the clock), so a rebuild gives exactly the rows that live processing gave.
 *
 * A flag that raises or clears at an event's moment is in the flag rows the moment the batch commits
 * (CONTRACT.md section 4: within 1 s); one that raises at a due moment is already there as a forecast.
 */
export async function projectBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
  const cases = new Map<string, LoadedCase>();
  const republishedAreas: Array<[string, string]> = [];
  const appended = { contacts: [] as object[], appeal_decisions: [] as object[], help_deliveries: [] as object[] };

  for (const event of events) {
    if (event.type === 'DeadlinesPublished') {
      const { kommune, deadlines } = event.data as unknown as { kommune: string; deadlines: Deadline[] };
      await writeRows(
        tx,
        'deadlines',
        deadlines.map((d) => ({ kommune, area: d.area, effective_from: d.effectiveFrom, days: d.days })),
        {
          conflict: '(kommune, area, effective_from) DO UPDATE SET days = excluded.days',
        },
      );
      republishedAreas.push(...deadlines.map((d): [string, string] => [kommune, d.area]));
    }
  }

  const caseEvents = events.filter((event) => isCaseStream(event.streamName));
  await loadCases(tx, cases, keysOf(caseEvents.filter((event) => event.type !== 'HelpRequested')));
  for (const recorded of caseEvents) {
    const event = { type: recorded.type, data: recorded.data } as unknown as CaseEvent;
    const key = caseKey(event.data.kommune, event.data.caseId);
    if (event.type === 'HelpRequested') {
      cases.set(key, { file: newCaseFile(event), deadline: undefined, changes: new Set(['case']) });
      continue;
    }
    const loaded = cases.get(key);
    if (!loaded) throw new Error(`${recorded.type} ${recorded.eventId} for a case the projection has not seen opened`);
    for (const change of applyToCaseFile(loaded.file, event, recorded.globalPosition)) loaded.changes.add(change);
    const { file } = loaded;
    const at = event.data.occurredAt;
    const common = { kommune: file.kommune, case_id: file.caseId, seq: recorded.globalPosition, department: file.department };
    if (event.type === 'ContactRecorded') {
      const personal = (PERSONAL_CONTACT_KINDS as readonly string[]).includes(event.data.kind);
      appended.contacts.push({ ...common, occurred_at: at, personal, home_visit: event.data.kind === 'home_visit' });
    } else if (event.type === 'AppealDecided') {
      appended.appeal_decisions.push({ ...common, decided_at: at, outcome: event.data.outcome });
    } else if (event.type === 'HelpDelivered') {
      appended.help_deliveries.push({ ...common, started_at: at, received_at: new Date(file.receivedAt).toISOString() });
    }
  }

  const changed = [...cases.values()].filter((c) => c.changes.has('case'));
  await writeRows(
    tx,
    'cases',
    changed.map((c) => caseRow(c.file)),
    {
      conflict: `(kommune, case_id) DO UPDATE SET closed_at = excluded.closed_at, first_decided_at = excluded.first_decided_at,
      first_notice_at = excluded.first_notice_at, file = excluded.file`,
    },
  );
  const newCases = changed.filter((c) => c.deadline === undefined).map((c) => [c.file.kommune, c.file.caseId] as [string, string]);
  await resolveDeadlines(tx, cases, newCases, republishedAreas);

  const withChange = (change: FactChange) => [...cases.values()].filter((c) => c.changes.has(change)).map((c) => c.file);
  await writeRows(tx, 'decisions', withChange('decisions').flatMap(decisionRows), {
    conflict: `(kommune, case_id, decision_id) DO UPDATE SET first_help_at = excluded.first_help_at,
      explained_in_time = excluded.explained_in_time`,
  });
  await writeRows(tx, 'assignments', withChange('assignments').flatMap(assignmentRows), {
    conflict: '(kommune, case_id, seq) DO UPDATE SET is_change = excluded.is_change, next_assigned_at = excluded.next_assigned_at',
  });
  await writeRows(tx, 'appeals', withChange('appeals').flatMap(appealRows), {
    conflict: '(kommune, case_id, complaint_id) DO UPDATE SET first_reassessed_at = excluded.first_reassessed_at',
  });
  for (const [table, rows] of Object.entries(appended)) await writeRows(tx, table, rows);
  await writeFlags(
    tx,
    [...cases.values()].filter((c) => c.changes.has('case')),
  );
}

/**
 * The deadline in force at each case's receivedAt, resolved in one place for new cases and for every case of
 * an area whose deadlines were (re)published: publications apply retroactively (docs/contract-readings.md).
 */
async function resolveDeadlines(
  tx: SqlClient,
  cases: Map<string, LoadedCase>,
  newCases: Array<[string, string]>,
  republishedAreas: Array<[string, string]>,
): Promise<void> {
  if (newCases.length === 0 && republishedAreas.length === 0) return;
  const { rows } = await tx.query<{ kommune: string; case_id: string; deadline_days: number | null; deadline_at: Date | null }>(
    `WITH targets AS (
       SELECT c.kommune, c.case_id FROM trust_monitor.cases c
       WHERE (c.kommune, c.case_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       UNION
       SELECT c.kommune, c.case_id FROM trust_monitor.cases c
       WHERE (c.kommune, c.area) IN (SELECT * FROM unnest($3::text[], $4::text[]))
     ), resolved AS (
       SELECT c.kommune, c.case_id,
         (SELECT d.days FROM trust_monitor.deadlines d
          WHERE d.kommune = c.kommune AND d.area = c.area AND d.effective_from <= c.received_at
          ORDER BY d.effective_from DESC LIMIT 1) AS days
       FROM trust_monitor.cases c JOIN targets t USING (kommune, case_id)
     )
     UPDATE trust_monitor.cases c
     SET deadline_days = r.days, deadline_at = c.received_at + r.days * interval '86400 seconds'
     FROM resolved r
     WHERE c.kommune = r.kommune AND c.case_id = r.case_id AND c.deadline_days IS DISTINCT FROM r.days
     RETURNING c.kommune, c.case_id, c.deadline_days, c.deadline_at`,
    [newCases.map((c) => c[0]), newCases.map((c) => c[1]), republishedAreas.map((a) => a[0]), republishedAreas.map((a) => a[1])],
  );
  const unloaded = rows.filter((row) => !cases.has(caseKey(row.kommune, row.case_id)));
  await loadCases(
    tx,
    cases,
    unloaded.map((row) => [row.kommune, row.case_id]),
  );
  for (const row of rows) {
    const loaded = cases.get(caseKey(row.kommune, row.case_id))!;
    loaded.deadline = row.deadline_days === null ? undefined : { days: row.deadline_days, deadlineAt: row.deadline_at!.getTime() };
    loaded.changes.add('case');
  }
}

async function loadCases(tx: SqlClient, cases: Map<string, LoadedCase>, keys: Array<[string, string]>): Promise<void> {
  if (keys.length === 0) return;
  const { rows } = await tx.query<{ file: CaseFile; deadline_days: number | null; deadline_at: Date | null }>(
    `SELECT file, deadline_days, deadline_at FROM trust_monitor.cases
     WHERE (kommune, case_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  for (const row of rows) {
    const deadline = row.deadline_days === null ? undefined : { days: row.deadline_days, deadlineAt: row.deadline_at!.getTime() };
    cases.set(caseKey(row.file.kommune, row.file.caseId), { file: row.file, deadline, changes: new Set() });
  }
}

async function writeFlags(tx: SqlClient, cases: LoadedCase[]): Promise<void> {
  if (cases.length === 0) return;
  await tx.query(`DELETE FROM trust_monitor.flags WHERE (kommune, case_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
    cases.map((c) => c.file.kommune),
    cases.map((c) => c.file.caseId),
  ]);
  const rows = cases.flatMap(({ file, deadline }) =>
    caseFlags(file, deadline).map((flag) => ({
      kommune: file.kommune,
      case_id: file.caseId,
      code: flag.code,
      subject: flag.subject,
      raised_at: new Date(flag.raisedAt).toISOString(),
      cleared_at: flag.clearedAt === undefined ? null : new Date(flag.clearedAt).toISOString(),
      department: file.department,
      area: file.area,
      details: flag.details,
    })),
  );
  await writeRows(tx, 'flags', rows);
}

/** One INSERT for many rows: the rows travel as one JSON parameter and become records of the table's type. */
async function writeRows(tx: SqlClient, table: string, rows: readonly object[], options: { conflict?: string } = {}): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO trust_monitor.${table} SELECT * FROM json_populate_recordset(NULL::trust_monitor.${table}, $1::json)
     ${options.conflict ? `ON CONFLICT ${options.conflict}` : ''}`,
    [JSON.stringify(rows)],
  );
}

function keysOf(events: readonly RecordedEvent[]): Array<[string, string]> {
  const keys = new Map<string, [string, string]>();
  for (const event of events) {
    const { kommune, caseId } = event.data as { kommune: string; caseId: string };
    keys.set(caseKey(kommune, caseId), [kommune, caseId]);
  }
  return [...keys.values()];
}

function caseKey(kommune: string, caseId: string): string {
  return `${kommune}/${caseId}`;
}
