import { DAY_MS } from '@tillidsbarometer/domain';
import { CASEWORKER_WINDOW_MS, EXPLANATION_DUE_MS, REASSESSMENT_DUE_MS } from '../projection/case-file';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { proportion, rate, type Distribution, type Proportion, type Rate } from '@tillidsbarometer/indicators';

export const INDICATOR_IDS = [
  'timely_decisions',
  'overdue_open_requests',
  'extension_notice_compliance',
  'late_help_start',
  'oral_explanation_of_refusals',
  'written_reasons',
  'complaint_guidance',
  'caseworker_changes_per_case_year',
  'high_caseworker_turnover',
  'personal_contacts_per_case_month',
  'home_visit_share',
  'complaints_per_100_decisions',
  'timely_reassessment',
  'appeal_reversal_rate',
  'time_to_decision_days',
  'time_to_help_days',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export const WINDOWS = [30, 90, 365] as const;
export type WindowDays = (typeof WINDOWS)[number];

export interface IndicatorQuery {
  kommune: string;
  asOf: Date;
  window: WindowDays;
  department: string | null;
}

export type OverdueOpenRequests = Proportion & { count: number; withNotice: number; withoutNotice: number };
export type Indicator = Proportion | Rate | Distribution | OverdueOpenRequests;

/**
 * The facts each indicator is computed from. The indicators of one group come from one SQL statement over one
 * fact table, so a request runs only the statements its indicators need (the series endpoint asks for one).
 */
type Group = 'cases' | 'assignments' | 'decisions' | 'contacts' | 'appeals' | 'appealDecisions' | 'help';
const GROUPS_OF: Record<IndicatorId, Group[]> = {
  timely_decisions: ['cases'],
  overdue_open_requests: ['cases'],
  extension_notice_compliance: ['cases'],
  time_to_decision_days: ['cases'],
  caseworker_changes_per_case_year: ['assignments', 'cases'],
  high_caseworker_turnover: ['assignments', 'cases'],
  personal_contacts_per_case_month: ['contacts', 'cases'],
  home_visit_share: ['contacts'],
  late_help_start: ['decisions'],
  oral_explanation_of_refusals: ['decisions'],
  written_reasons: ['decisions'],
  complaint_guidance: ['decisions'],
  complaints_per_100_decisions: ['appeals'],
  timely_reassessment: ['appeals'],
  appeal_reversal_rate: ['appealDecisions'],
  time_to_help_days: ['help'],
};

/**
 * The named parameters of the statements. The instants are computed here in milliseconds, never with SQL
 * interval arithmetic on days, which would follow the session's time zone across daylight-saving changes.
 */
function parameters(q: IndicatorQuery): Record<string, string | null> {
  const t = q.asOf.getTime();
  const start = t - q.window * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    kommune: q.kommune,
    asOf: iso(t),
    windowStart: iso(start), // the window is (windowStart, asOf]
    department: q.department,
    yearBefore: iso(t - CASEWORKER_WINDOW_MS), // the trailing year of high_caseworker_turnover
    refusalsFrom: iso(start - EXPLANATION_DUE_MS), // decidedAt + 14 days in the window <=> decidedAt in (refusalsFrom, refusalsTo]
    refusalsTo: iso(t - EXPLANATION_DUE_MS),
    appealsFrom: iso(start - REASSESSMENT_DUE_MS), // receivedAt + 28 days in the window <=> receivedAt in (appealsFrom, appealsTo]
    appealsTo: iso(t - REASSESSMENT_DUE_MS),
  };
}

/** `:name` placeholders to `$n`, with the values in that order: each statement binds only what it uses. */
function bind(sql: string, values: Record<string, string | null>): [string, unknown[]] {
  const order: string[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return [text, order.map((name) => values[name])];
}

// "A case closed before an indicator's due moment is left out of that indicator" (only a close at or before T counts).
const closedBefore = (due: string) => `(c.closed_at IS NOT NULL AND c.closed_at <= :asOf AND c.closed_at < ${due})`;
/** An exact interval of seconds (never of days, which follow daylight saving in the session's time zone). */
const seconds = (ms: number) => `interval '${ms / 1000} seconds'`;
const inDepartment = (alias: string) => `(:department::text IS NULL OR ${alias}.department = :department::text)`;
const days = (from: string, to: string) => `(extract(epoch FROM (${to}) - (${from})) / 86400)::float8`;
// Percentiles of type 7 (linear interpolation between closest ranks): what percentile_cont computes.
const percentiles = (value: string, filter: string) =>
  `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${filter}) AS median,
   percentile_cont(0.9) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${filter}) AS p90`;

const PENDING_AT_T = `c.received_at <= :asOf AND (c.closed_at IS NULL OR c.closed_at > :asOf)
  AND (c.first_decided_at IS NULL OR c.first_decided_at > :asOf) AND c.deadline_at IS NOT NULL`;
const TIMELY_BASE = `c.deadline_at IS NOT NULL AND c.first_decided_at > :windowStart AND c.first_decided_at <= :asOf
  AND NOT ${closedBefore('c.deadline_at')}`;
const NOTICE_BASE = `c.deadline_at > :windowStart AND c.deadline_at <= :asOf
  AND (c.first_decided_at IS NULL OR c.first_decided_at > c.deadline_at) AND NOT ${closedBefore('c.deadline_at')}`;
const FIRST_DECISION_IN_WINDOW = 'c.first_decided_at > :windowStart AND c.first_decided_at <= :asOf';
const GRANT_DUE = `d.help_due_at > :windowStart AND d.help_due_at <= :asOf AND d.decided_at <= :asOf AND NOT ${closedBefore('d.help_due_at')}`;
const REFUSAL_DUE = `d.is_refusal AND d.decided_at > :refusalsFrom AND d.decided_at <= :refusalsTo
  AND NOT ${closedBefore(`d.decided_at + ${seconds(EXPLANATION_DUE_MS)}`)}`;
const REASSESSMENT_DUE = `a.received_at > :appealsFrom AND a.received_at <= :appealsTo AND NOT ${closedBefore(`a.received_at + ${seconds(REASSESSMENT_DUE_MS)}`)}`;
const STATEMENTS: Record<Group, string> = {
  cases: `
    SELECT
      count(*) FILTER (WHERE ${TIMELY_BASE}) AS timely_den,
      count(*) FILTER (WHERE ${TIMELY_BASE} AND c.first_decided_at <= c.deadline_at) AS timely_num,
      count(*) FILTER (WHERE ${PENDING_AT_T}) AS pending,
      count(*) FILTER (WHERE ${PENDING_AT_T} AND c.deadline_at < :asOf) AS overdue,
      count(*) FILTER (WHERE ${PENDING_AT_T} AND c.deadline_at < :asOf AND c.first_notice_at <= c.deadline_at) AS overdue_notified,
      count(*) FILTER (WHERE ${NOTICE_BASE}) AS notice_den,
      count(*) FILTER (WHERE ${NOTICE_BASE} AND c.first_notice_at <= c.deadline_at) AS notice_num,
      count(*) FILTER (WHERE ${FIRST_DECISION_IN_WINDOW}) AS decided_n,
      ${percentiles(days('c.received_at', 'c.first_decided_at'), FIRST_DECISION_IN_WINDOW)},
      -- The denominators of the per-case rates and of high_caseworker_turnover, and casesWithoutDeadline:
      -- in the same pass over the kommune's cases.
      coalesce(sum(GREATEST(0, extract(epoch FROM
        (CASE WHEN c.closed_at <= :asOf THEN c.closed_at ELSE :asOf::timestamptz END) - GREATEST(c.received_at, :windowStart::timestamptz))))
        FILTER (WHERE c.received_at <= :asOf), 0)::float8 / 86400 AS case_days,
      count(*) FILTER (WHERE c.received_at <= :asOf AND (c.closed_at IS NULL OR c.closed_at > :asOf)) AS open_cases,
      count(*) FILTER (WHERE c.deadline_days IS NULL AND c.received_at <= :asOf AND (c.closed_at IS NULL OR c.closed_at > :windowStart))
        AS without_deadline
    FROM trust_monitor.cases c
    WHERE c.kommune = :kommune AND ${inDepartment('c')}`,
  assignments: `
    SELECT
      (SELECT count(*) FROM trust_monitor.assignments a
       WHERE a.kommune = :kommune AND ${inDepartment('a')} AND a.is_change AND a.assigned_at > :windowStart AND a.assigned_at <= :asOf) AS changes,
      (SELECT count(*) FROM (
         SELECT a.case_id FROM trust_monitor.assignments a
         JOIN trust_monitor.cases c ON c.kommune = a.kommune AND c.case_id = a.case_id
         WHERE a.kommune = :kommune AND ${inDepartment('a')} AND c.received_at <= :asOf AND (c.closed_at IS NULL OR c.closed_at > :asOf)
           AND c.caseworkers >= 3
           AND a.assigned_at <= :asOf AND (a.next_assigned_at IS NULL OR a.next_assigned_at > :yearBefore)
         GROUP BY a.case_id HAVING count(DISTINCT a.caseworker) >= 3) churned) AS turnover`,
  contacts: `
    SELECT count(*) FILTER (WHERE x.personal) AS personal, count(*) FILTER (WHERE x.home_visit) AS home_visits
    FROM trust_monitor.contacts x
    WHERE x.kommune = :kommune AND ${inDepartment('x')} AND x.occurred_at > :windowStart AND x.occurred_at <= :asOf`,
  decisions: `
    SELECT
      count(*) FILTER (WHERE d.decided_at > :windowStart AND d.decided_at <= :asOf AND d.is_refusal) AS refusals,
      count(*) FILTER (WHERE d.decided_at > :windowStart AND d.decided_at <= :asOf AND d.is_refusal AND d.written_reasons) AS written,
      count(*) FILTER (WHERE d.decided_at > :windowStart AND d.decided_at <= :asOf AND d.is_refusal AND d.complaint_guidance) AS guided,
      count(*) FILTER (WHERE ${GRANT_DUE}) AS grants_due,
      count(*) FILTER (WHERE ${GRANT_DUE} AND (d.first_help_at IS NULL OR d.first_help_at > d.help_due_at)) AS grants_late,
      count(*) FILTER (WHERE ${REFUSAL_DUE}) AS refusals_due,
      count(*) FILTER (WHERE ${REFUSAL_DUE} AND d.explained_in_time) AS refusals_explained
    FROM trust_monitor.decisions d JOIN trust_monitor.cases c ON c.kommune = d.kommune AND c.case_id = d.case_id
    WHERE d.kommune = :kommune AND ${inDepartment('d')}
      AND ((d.decided_at > :refusalsFrom AND d.decided_at <= :asOf) OR (d.help_due_at > :windowStart AND d.help_due_at <= :asOf))`,
  appeals: `
    SELECT
      (SELECT count(*) FROM trust_monitor.decisions d
       WHERE d.kommune = :kommune AND ${inDepartment('d')} AND d.decided_at > :windowStart AND d.decided_at <= :asOf) AS decisions,
      count(*) FILTER (WHERE a.received_at > :windowStart AND a.received_at <= :asOf) AS appeals,
      count(*) FILTER (WHERE ${REASSESSMENT_DUE}) AS reassessments_due,
      count(*) FILTER (WHERE ${REASSESSMENT_DUE} AND a.first_reassessed_at <= a.received_at + ${seconds(REASSESSMENT_DUE_MS)}) AS reassessed
    FROM trust_monitor.appeals a JOIN trust_monitor.cases c ON c.kommune = a.kommune AND c.case_id = a.case_id
    WHERE a.kommune = :kommune AND ${inDepartment('a')} AND a.received_at > :appealsFrom AND a.received_at <= :asOf`,
  appealDecisions: `
    SELECT count(*) FILTER (WHERE x.outcome <> 'afvist') AS decided,
      count(*) FILTER (WHERE x.outcome IN ('aendret', 'ophaevet', 'hjemvist')) AS reversed
    FROM trust_monitor.appeal_decisions x
    WHERE x.kommune = :kommune AND ${inDepartment('x')} AND x.decided_at > :windowStart AND x.decided_at <= :asOf`,
  help: `
    SELECT count(*) AS n, ${percentiles(days('h.received_at', 'h.started_at'), 'true')}
    FROM trust_monitor.help_deliveries h
    WHERE h.kommune = :kommune AND ${inDepartment('h')} AND h.started_at > :windowStart AND h.started_at <= :asOf`,
};

type Row = Record<string, number | null>;

/** Computes the asked indicators (all by default) with one statement per group of facts they need. */
export async function computeIndicators(
  db: SqlClient,
  q: IndicatorQuery,
  ids: readonly IndicatorId[] = INDICATOR_IDS,
): Promise<{ casesWithoutDeadline: number; indicators: Partial<Record<IndicatorId, Indicator>> }> {
  const params = parameters(q);
  const groups = [...new Set<Group>(['cases', ...ids.flatMap((id) => GROUPS_OF[id])])]; // cases: casesWithoutDeadline
  const rows = new Map<Group, Row>();
  await Promise.all(groups.map(async (group) => rows.set(group, (await db.query<Row>(...bind(STATEMENTS[group], params))).rows[0] ?? {})));
  const row = (group: Group) => rows.get(group)!;
  const n = (value: number | null | undefined) => Number(value ?? 0);
  const figure: Record<IndicatorId, () => Indicator> = {
    timely_decisions: () => proportion(n(row('cases').timely_num), n(row('cases').timely_den)),
    overdue_open_requests: () => {
      const r = row('cases');
      return {
        ...proportion(n(r.overdue), n(r.pending)),
        count: n(r.overdue),
        withNotice: n(r.overdue_notified),
        withoutNotice: n(r.overdue) - n(r.overdue_notified),
      };
    },
    extension_notice_compliance: () => proportion(n(row('cases').notice_num), n(row('cases').notice_den)),
    time_to_decision_days: () => distribution(row('cases'), 'decided_n'),
    caseworker_changes_per_case_year: () => rate(n(row('assignments').changes), n(row('cases').case_days) / 365),
    high_caseworker_turnover: () => proportion(n(row('assignments').turnover), n(row('cases').open_cases)),
    personal_contacts_per_case_month: () => rate(n(row('contacts').personal), n(row('cases').case_days) / 30.4375),
    home_visit_share: () => proportion(n(row('contacts').home_visits), n(row('contacts').personal)),
    late_help_start: () => proportion(n(row('decisions').grants_late), n(row('decisions').grants_due)),
    oral_explanation_of_refusals: () => proportion(n(row('decisions').refusals_explained), n(row('decisions').refusals_due)),
    written_reasons: () => proportion(n(row('decisions').written), n(row('decisions').refusals)),
    complaint_guidance: () => proportion(n(row('decisions').guided), n(row('decisions').refusals)),
    complaints_per_100_decisions: () => rate(n(row('appeals').appeals), n(row('appeals').decisions), 100),
    timely_reassessment: () => proportion(n(row('appeals').reassessed), n(row('appeals').reassessments_due)),
    appeal_reversal_rate: () => proportion(n(row('appealDecisions').reversed), n(row('appealDecisions').decided)),
    time_to_help_days: () => distribution(row('help'), 'n'),
  };
  return {
    casesWithoutDeadline: n(row('cases').without_deadline),
    indicators: Object.fromEntries(ids.map((id) => [id, figure[id]()])),
  };
}

function distribution(row: Row, countColumn: string): Distribution {
  const n = Number(row[countColumn] ?? 0);
  return n === 0 ? { n: 0, median: null, p90: null } : { n, median: Number(row.median), p90: Number(row.p90) };
}
