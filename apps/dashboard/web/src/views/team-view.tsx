import { useMemo, useState } from 'preact/hooks';
import { query } from '../api';
import type { Flag } from '../api-types';
import { DataTable } from '../components/data-table';
import { Async } from '../components/status';
import { useApi } from '../components/use-api';
import { daysBetween, formatDate } from '../format';
import { codeLabel, DEPARTMENT_LABELS, DEPARTMENTS, departmentLabel, FLAG_CODES, kommuneName } from '../labels';
import type { Session } from '../session';

/**
 * Team leads' list of the cases that need someone to act now, by the case system's own case number (which only
 * the kommune's staff can resolve to a person). Oldest first by default: the longest open needs action first.
 */
export function TeamView({ session, title }: { session: Session; title: string }) {
  const kommune = session.kommune ?? '101';
  const [code, setCode] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const flags = useApi<{ flags: Flag[] }>(`/api/v1/kommuner/${kommune}/flags${query({ status: 'open', code, department })}`, refresh);

  return (
    <>
      <h1 tabIndex={-1}>
        {title}: {kommuneName(kommune)}
      </h1>
      <p>Åbne advarsler på sagsniveau. Sagsnummeret er fagsystemets eget; borgerens identitet vises aldrig her.</p>
      <form class="controls" aria-label="Filtre" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="flag-code">Advarsel</label>
          <select id="flag-code" value={code ?? ''} onChange={(event) => setCode(event.currentTarget.value || null)}>
            <option value="">Alle advarsler</option>
            {FLAG_CODES.map((flagCode) => (
              <option key={flagCode} value={flagCode}>
                {codeLabel(flagCode)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="flag-department">Afdeling</label>
          <select id="flag-department" value={department ?? ''} onChange={(event) => setDepartment(event.currentTarget.value || null)}>
            <option value="">Alle afdelinger</option>
            {DEPARTMENTS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {DEPARTMENT_LABELS[candidate]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="secondary" onClick={() => setRefresh((n) => n + 1)}>
          Opdatér
        </button>
      </form>
      <Async loaded={flags} what="sagerne">
        {({ flags: list }) => <FlagTable flags={list} />}
      </Async>
    </>
  );
}

function FlagTable({ flags }: { flags: Flag[] }) {
  const now = useMemo(() => new Date(), [flags]);
  if (flags.length === 0) return <p data-testid="flag-count">Ingen åbne sager med advarsler.</p>;
  return (
    <div data-ready="flags">
      <p data-testid="flag-count" role="status">
        {flags.length} åbne advarsler.
      </p>
      <DataTable
        id="flags"
        caption="Åbne advarsler (sortér ved at vælge en kolonneoverskrift)"
        rows={flags}
        rowKey={(flag) =>
          `${flag.caseId}|${flag.code}|${flag.raisedAt}|${String(flag.details['decisionId'] ?? flag.details['complaintId'] ?? '')}`
        }
        initialSort={{ key: 'open', direction: 'descending' }}
        pageSize={100}
        columns={[
          { key: 'case', label: 'Sagsnummer', render: (flag) => flag.caseId, sortValue: (flag) => flag.caseId },
          { key: 'code', label: 'Advarsel', render: (flag) => codeLabel(flag.code), sortValue: (flag) => codeLabel(flag.code) },
          {
            key: 'department',
            label: 'Afdeling',
            render: (flag) => departmentLabel(flag.department),
            sortValue: (flag) => departmentLabel(flag.department),
          },
          { key: 'area', label: 'Område', render: (flag) => flag.area, sortValue: (flag) => flag.area },
          { key: 'raised', label: 'Siden', render: (flag) => formatDate(flag.raisedAt), sortValue: (flag) => flag.raisedAt },
          {
            key: 'open',
            label: 'Åben i dage',
            numeric: true,
            render: (flag) => daysBetween(flag.raisedAt, now),
            sortValue: (flag) => daysBetween(flag.raisedAt, now),
          },
          { key: 'details', label: 'Detaljer', render: (flag) => detailsText(flag) },
        ]}
      />
    </div>
  );
}

function detailsText(flag: Flag): string {
  const details = flag.details;
  const parts: string[] = [];
  if (details['deadlineAt']) parts.push(`frist ${formatDate(String(details['deadlineAt']))}`);
  if (details['expectedDecisionBy']) parts.push(`lovet afgørelse ${formatDate(String(details['expectedDecisionBy']))}`);
  if (details['dueAt']) parts.push(`forfaldt ${formatDate(String(details['dueAt']))}`);
  if (details['decisionId']) parts.push(`afgørelse ${details['decisionId']}`);
  if (details['complaintId']) parts.push(`klage ${details['complaintId']}`);
  if (details['caseworkers']) parts.push(`${details['caseworkers']} sagsbehandlere`);
  return parts.join(', ');
}
