import { useState } from 'preact/hooks';
import { query } from '../api';
import type { IndicatorsAnswer, KommuneWarning, MeasurementResults, MeasurementSummary } from '../api-types';
import { Async } from '../components/status';
import { TemperatureResults } from '../components/temperature-results';
import { useApi } from '../components/use-api';
import { formatDate } from '../format';
import { codeLabel, DEPARTMENT_LABELS, DEPARTMENTS, departmentLabel, kommuneName } from '../labels';
import type { Session } from '../session';
import { DelayedHelpSection } from './kommune/control-chart';
import { AllIndicatorsTable, IndicatorCards } from './kommune/indicator-cards';
import { LiveAlerts } from './kommune/live-alerts';

const WINDOWS = [30, 90, 365] as const;

/** Leadership's view of its own kommune: indicators, trends, the control chart, the latest survey, live alerts. */
export function KommuneView({ session, title }: { session: Session; title: string }) {
  const kommune = session.kommune ?? '101';
  const [department, setDepartment] = useState<string | null>(null);
  const [window, setWindow] = useState<number>(90);
  const indicators = useApi<IndicatorsAnswer>(`/api/v1/kommuner/${kommune}/indicators${query({ window, department })}`);

  return (
    <>
      <h1 tabIndex={-1}>
        {title}: {kommuneName(kommune)}
      </h1>
      <form class="controls" aria-label="Afgrænsning" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="department">Afdeling</label>
          <select id="department" value={department ?? ''} onChange={(event) => setDepartment(event.currentTarget.value || null)}>
            <option value="">Hele kommunen</option>
            {DEPARTMENTS.map((code) => (
              <option key={code} value={code}>
                {DEPARTMENT_LABELS[code]}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="segmented">
          <legend>Periode</legend>
          {WINDOWS.map((days) => (
            <span key={days} class="choice">
              <input
                type="radio"
                id={`window-${days}`}
                name="window"
                value={days}
                checked={window === days}
                onChange={() => setWindow(days)}
              />
              <label for={`window-${days}`}>{days} dage</label>
            </span>
          ))}
        </fieldset>
      </form>

      <section aria-labelledby="headline-title" data-testid="indicators">
        <h2 id="headline-title">
          Nøgletal, {departmentLabel(department).toLowerCase()}, seneste {window} dage
        </h2>
        <Async loaded={indicators} what="nøgletallene">
          {(answer) => (
            <div data-ready="indicators">
              <IndicatorCards kommune={kommune} answer={answer} window={window} department={department} />
              <details class="card">
                <summary>Alle indikatorer i en tabel</summary>
                <AllIndicatorsTable answer={answer} />
              </details>
            </div>
          )}
        </Async>
      </section>

      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">Alarmer</h2>
        <LiveAlerts kommune={kommune} />
      </section>

      <section aria-labelledby="control-title">
        <h2 id="control-title">Kommer hjælpen for sent? Kontrolkort</h2>
        <p>
          Ugentlig andel sene afgørelser målt mod kommunens eget niveau (Bernoulli-CUSUM). Et signal betyder, at andelen er steget mere, end
          tilfældigheder kan forklare.
        </p>
        <DelayedHelpSection kommune={kommune} department={department} />
        <Warnings kommune={kommune} />
      </section>

      <section aria-labelledby="temperature-title">
        <h2 id="temperature-title">Seneste temperaturmåling</h2>
        <LatestMeasurement kommune={kommune} />
      </section>
    </>
  );
}

function Warnings({ kommune }: { kommune: string }) {
  const warnings = useApi<{ warnings: KommuneWarning[] }>(`/api/v1/kommuner/${kommune}/warnings`);
  return (
    <Async loaded={warnings} what="advarslerne">
      {({ warnings: list }) =>
        list.length === 0 ? (
          <p>Ingen advarsler på kommuneniveau.</p>
        ) : (
          <ul class="warnings" data-testid="warnings">
            {[...list].reverse().map((warning) => (
              <li key={warning.key}>
                <strong>{codeLabel(warning.code)}</strong> ({departmentLabel(warning.department).toLowerCase()}, {warning.series}, metode{' '}
                {warning.method}): fra {formatDate(warning.firedAt)}
                {warning.clearedAt ? ` til ${formatDate(warning.clearedAt)}` : ', stadig aktiv'}
              </li>
            ))}
          </ul>
        )
      }
    </Async>
  );
}

function LatestMeasurement({ kommune }: { kommune: string }) {
  const list = useApi<{ measurements: MeasurementSummary[] } | MeasurementSummary[]>(`/api/v1/kommuner/${kommune}/measurements`);
  return (
    <Async loaded={list} what="temperaturmålingerne">
      {(answer) => {
        const measurements = Array.isArray(answer) ? answer : answer.measurements;
        const latest = measurements
          .filter((measurement) => measurement.status === 'closed')
          .sort((a, b) => (b.closedAt ?? b.closesAt).localeCompare(a.closedAt ?? a.closesAt))[0];
        if (!latest) return <p>Kommunen har ingen afsluttet temperaturmåling endnu.</p>;
        return <MeasurementResultsSection measurement={latest} />;
      }}
    </Async>
  );
}

export function MeasurementResultsSection({ measurement }: { measurement: MeasurementSummary }) {
  const results = useApi<MeasurementResults>(`/api/v1/measurements/${measurement.id}/results`);
  return (
    <Async loaded={results} what="resultaterne">
      {(data) => (
        <>
          <p>
            <strong>{measurement.title}</strong>, {formatDate(measurement.opensAt)} –{' '}
            {formatDate(measurement.closedAt ?? measurement.closesAt)}.
          </p>
          <TemperatureResults results={data} caption={measurement.title} />
        </>
      )}
    </Async>
  );
}
