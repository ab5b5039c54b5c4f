import { createHash } from 'node:crypto';
import {
  DAY_MS,
  DeadlineHistory,
  isCaseStream,
  PERSONAL_CONTACT_KINDS,
  type CaseEvent,
  type DeadlinesPublished,
} from '@tillidsbarometer/domain';
import type { RecordedEvent, SqlClient } from '@tillidsbarometer/event-store';
import { applyToCaseFile, newCaseFile, type CaseDeadline, type CaseFile, type FactChange } from './case-file';
import { caseFlags, type FlagInstance } from './case-flags';
import { appealRows, assignmentRows, caseRow, decisionRows } from './fact-rows';

/** The subscription that feeds the trust monitor's read model; its checkpoint commits with the facts. */
export const TRUST_PROJECTION = 'trust-monitor';

/**
 * Announced at commit, payload the kommune code: its flag rows were rewritten (FLAGS_CHANGED), or case events of
 * it arrived (FEED_ADVANCED). The alerting listens, so it reacts within a second even in another process.
 */
export const FLAGS_CHANGED = 'trust_monitor_flags';
export const FEED_ADVANCED = 'trust_monitor_feeds';

interface LoadedCase {
  file: CaseFile;
  deadline: CaseDeadline | undefined;
  changes: Set<FactChange>;
  /** A digest of the flag instances last written for the case: unchanged flags are not written again. */
  flagsDigest: string | null;
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
  // The read model can always be replayed from the store, and its checkpoint commits in this transaction: a
  // commit lost in a server crash is lost together with its checkpoint and simply projected again.
  await tx.query('SET LOCAL synchronous_commit = off');
  const cases = new Map<string, LoadedCase>();
  const appended = { contacts: [] as object[], appeal_decisions: [] as object[], help_deliveries: [] as object[] };
  const caseEvents = events.filter((event) => isCaseStream(event.streamName));

  const republished = await storeDeadlines(tx, events);
  const opened = caseEvents.filter((event) => event.type === 'HelpRequested').map((event) => (event.data as { kommune: string }).kommune);
  const deadlines = await loadDeadlines(tx, [...new Set([...opened, ...republished.map(([kommune]) => kommune)])]);
  await loadCases(tx, cases, keysOf(caseEvents.filter((event) => event.type !== 'HelpRequested')));
  await loadCasesOfAreas(tx, cases, republished);
  // A publication applies to every case of its area, received before it was published or not.
  for (const loaded of cases.values()) {
    if (!republished.some(([kommune, area]) => kommune === loaded.file.kommune && area === loaded.file.area)) continue;
    const deadline = deadlineOf(deadlines, loaded.file);
    if (deadline?.days !== loaded.deadline?.days) loaded.changes.add('case');
    loaded.deadline = deadline;
  }

  for (const recorded of caseEvents) {
    const event = { type: recorded.type, data: recorded.data } as unknown as CaseEvent;
    const key = caseKey(event.data.kommune, event.data.caseId);
    if (event.type === 'HelpRequested') {
      const file = newCaseFile(event);
      cases.set(key, { file, deadline: deadlineOf(deadlines, file), changes: new Set(['case']), flagsDigest: null });
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
  const flags = newFlags(changed);
  await writeRows(
    tx,
    'cases',
    changed.map((c) => ({ ...caseRow(c.file, c.deadline), flags_digest: c.flagsDigest })),
    {
      conflict: `(kommune, case_id) DO UPDATE SET deadline_days = excluded.deadline_days, deadline_at = excluded.deadline_at,
        closed_at = excluded.closed_at, first_decided_at = excluded.first_decided_at, first_notice_at = excluded.first_notice_at,
        file = excluded.file, flags_digest = excluded.flags_digest, caseworkers = excluded.caseworkers`,
    },
  );
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
  await writeFlags(tx, flags);
  await writeFeeds(tx, caseEvents);
  await announce(
    tx,
    FLAGS_CHANGED,
    flags.map((c) => c.loaded.file.kommune),
  );
}

/** The latest arrival of each kommune's case events (its feed), and the announcement that it advanced. */
async function writeFeeds(tx: SqlClient, caseEvents: readonly RecordedEvent[]): Promise<void> {
  const latest = new Map<string, number>();
  for (const event of caseEvents) {
    const { kommune } = event.data as { kommune: string };
    latest.set(kommune, Math.max(latest.get(kommune) ?? 0, event.recordedAt.getTime()));
  }
  if (latest.size === 0) return;
  await tx.query(
    `INSERT INTO trust_monitor.feeds (kommune, last_event_at)
     SELECT * FROM unnest($1::text[], $2::timestamptz[])
     ON CONFLICT (kommune) DO UPDATE SET last_event_at = GREATEST(feeds.last_event_at, excluded.last_event_at)`,
    [[...latest.keys()], [...latest.values()].map((ms) => new Date(ms).toISOString())],
  );
  await announce(tx, FEED_ADVANCED, [...latest.keys()]);
}

async function announce(tx: SqlClient, channel: string, kommuner: readonly string[]): Promise<void> {
  if (kommuner.length === 0) return;
  await tx.query('SELECT pg_notify($1, kommune) FROM unnest($2::text[]) AS kommune', [channel, [...new Set(kommuner)]]);
}

/** Stores the batch's deadline publications in order (a later one replaces the same area and effectiveFrom). */
async function storeDeadlines(tx: SqlClient, events: readonly RecordedEvent[]): Promise<Array<[string, string]>> {
  const republished: Array<[string, string]> = [];
  for (const event of events) {
    if (event.type !== 'DeadlinesPublished') continue;
    const { kommune, deadlines } = event.data as unknown as DeadlinesPublished['data'];
    await writeRows(
      tx,
      'deadlines',
      deadlines.map((d) => ({ kommune, area: d.area, effective_from: d.effectiveFrom, days: d.days })),
      { conflict: '(kommune, area, effective_from) DO UPDATE SET days = excluded.days' },
    );
    republished.push(...deadlines.map((d): [string, string] => [kommune, d.area]));
  }
  return republished;
}

/** The kommuner's deadlines as published so far: the domain's DeadlineHistory resolves the one in force. */
async function loadDeadlines(tx: SqlClient, kommuner: string[]): Promise<Map<string, DeadlineHistory>> {
  const histories = new Map<string, DeadlineHistory>(kommuner.map((kommune) => [kommune, new DeadlineHistory()]));
  if (kommuner.length === 0) return histories;
  const { rows } = await tx.query<{ kommune: string; area: string; effective_from: Date; days: number }>(
    'SELECT kommune, area, effective_from, days FROM trust_monitor.deadlines WHERE kommune = ANY($1::text[])',
    [kommuner],
  );
  for (const row of rows) {
    const deadline = { area: row.area, days: row.days, effectiveFrom: row.effective_from.toISOString() };
    histories.get(row.kommune)!.apply({ type: 'DeadlinesPublished', data: { kommune: row.kommune, deadlines: [deadline] } }, '');
  }
  return histories;
}

/** CONTRACT.md section 1: a case uses the deadline for its area in force at its receivedAt. */
function deadlineOf(histories: Map<string, DeadlineHistory>, file: CaseFile): CaseDeadline | undefined {
  const deadline = histories.get(file.kommune)?.inForce(file.area, new Date(file.receivedAt).toISOString());
  return deadline && { days: deadline.days, deadlineAt: file.receivedAt + deadline.days * DAY_MS };
}

async function loadCasesOfAreas(tx: SqlClient, cases: Map<string, LoadedCase>, areas: Array<[string, string]>): Promise<void> {
  if (areas.length === 0) return;
  const { rows } = await tx.query<{ kommune: string; case_id: string }>(
    `SELECT kommune, case_id FROM trust_monitor.cases WHERE (kommune, area) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [areas.map((a) => a[0]), areas.map((a) => a[1])],
  );
  await loadCases(
    tx,
    cases,
    rows.filter((row) => !cases.has(caseKey(row.kommune, row.case_id))).map((row): [string, string] => [row.kommune, row.case_id]),
  );
}

async function loadCases(tx: SqlClient, cases: Map<string, LoadedCase>, keys: Array<[string, string]>): Promise<void> {
  if (keys.length === 0) return;
  const { rows } = await tx.query<{ file: CaseFile; deadline_days: number | null; deadline_at: Date | null; flags_digest: string | null }>(
    `SELECT file, deadline_days, deadline_at, flags_digest FROM trust_monitor.cases
     WHERE (kommune, case_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  );
  for (const row of rows) {
    const deadline = row.deadline_days === null ? undefined : { days: row.deadline_days, deadlineAt: row.deadline_at!.getTime() };
    cases.set(caseKey(row.file.kommune, row.file.caseId), { file: row.file, deadline, changes: new Set(), flagsDigest: row.flags_digest });
  }
}

/**
 * The flag instances of the changed cases whose flags differ from those last written (most events of a case
 * leave its flags as they were), with the cases' digests brought up to date.
 */
function newFlags(cases: LoadedCase[]): Array<{ loaded: LoadedCase; flags: FlagInstance[] }> {
  const renewed: Array<{ loaded: LoadedCase; flags: FlagInstance[] }> = [];
  for (const loaded of cases) {
    const flags = caseFlags(loaded.file, loaded.deadline);
    const digest = createHash('sha1').update(JSON.stringify(flags)).digest('base64');
    if (digest === loaded.flagsDigest) continue;
    loaded.flagsDigest = digest;
    renewed.push({ loaded, flags });
  }
  return renewed;
}

async function writeFlags(tx: SqlClient, renewed: Array<{ loaded: LoadedCase; flags: FlagInstance[] }>): Promise<void> {
  if (renewed.length === 0) return;
  await tx.query(`DELETE FROM trust_monitor.flags WHERE (kommune, case_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
    renewed.map((c) => c.loaded.file.kommune),
    renewed.map((c) => c.loaded.file.caseId),
  ]);
  const rows = renewed.flatMap(({ loaded: { file }, flags }) =>
    flags.map((flag) => ({
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
