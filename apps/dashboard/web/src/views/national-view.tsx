import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';
import { query } from '../api';
import type { KommuneWarning } from '../api-types';
import { ChartFigure, COLOURS } from '../components/chart';
import { DataTable } from '../components/data-table';
import { Async } from '../components/status';
import { useApi } from '../components/use-api';
import { formatDate, formatDecimal, formatMonth, formatPercent, formatWhole } from '../format';
import { codeLabel, departmentLabel, indicatorLabel, INDICATORS, kommuneName, NATIONAL_INDICATORS } from '../labels';

interface NationalFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  ci95?: [number, number] | null;
  n?: number;
  median?: number | null;
  trend?: Array<{ at: string; value: number | null; numerator: number | null; denominator: number | null; kommunerIncluded: number }>;
}
interface NationalIndicators {
  window: number;
  kommuner: { reporting: number; missing: string[] };
  asOf: { earliest: string; latest: string } | null;
  indicators: Record<string, NationalFigure>;
}
interface KommuneFigureRow {
  kommune: string;
  name: string;
  region: string;
  reported: boolean;
  suppressed: boolean;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  median?: number | null;
  trend: Array<{ at: string; suppressed: boolean; value: number | null }> | null;
}
interface KommuneFigures {
  indicator: string;
  national: NationalFigure;
  kommuner: KommuneFigureRow[];
}
interface FunnelPoint {
  kommune: string;
  name: string;
  numerator: number;
  denominator: number;
  rate: number;
  outside95: 'above' | 'below' | null;
  outside998: 'above' | 'below' | null;
}
interface FunnelPlot {
  indicator: string;
  target: number | null;
  tau2: number | null;
  points: FunnelPoint[];
  limits: Array<{ denominator: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
  suppressed: string[];
  missing: string[];
}

const TABLE_INDICATORS = Object.keys(INDICATORS);

/** The secretariat's view: suppressed aggregates of the 98 kommuner, funnels instead of league tables. */
export function NationalView({ title }: { title: string }) {
  const [indicator, setIndicator] = useState<string>('timely_decisions');
  const national = useApi<NationalIndicators>(`/api/v1/national/indicators${query({ window: 365 })}`);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      <p>
        Anonyme nøgletal fra kommunernes egne opgørelser. Tal fra færre end 3 sager er undertrykt i kommunen, før de sendes. Kommunerne står
        i kommunekodeorden, ikke som en rangliste; tragtdiagrammet viser, hvem der ligger uden for det, tilfældigheder kan forklare.
      </p>
      <section aria-labelledby="national-figures-title">
        <h2 id="national-figures-title">Landstal og udvikling (365 dage)</h2>
        <Async loaded={national} what="landstallene">
          {(data) => <NationalFigures data={data} />}
        </Async>
      </section>
      <form class="controls" aria-label="Valg af indikator" onSubmit={(event) => event.preventDefault()}>
        <div class="field">
          <label for="national-indicator">Indikator</label>
          <select id="national-indicator" value={indicator} onChange={(event) => setIndicator(event.currentTarget.value)}>
            {TABLE_INDICATORS.map((id) => (
              <option key={id} value={id}>
                {indicatorLabel(id)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <section aria-labelledby="funnel-title">
        <h2 id="funnel-title">Tragtdiagram: {indicatorLabel(indicator)}</h2>
        {INDICATORS[indicator]?.kind === 'proportion' || INDICATORS[indicator]?.kind === 'count' ? (
          <Funnel indicator={indicator} />
        ) : (
          <p>
            Tragtdiagrammer vises for andele. Vælg fx{' '}
            {(NATIONAL_INDICATORS as readonly string[]).map(indicatorLabel).join(', ').toLowerCase()}.
          </p>
        )}
      </section>
      <section aria-labelledby="kommuner-title">
        <h2 id="kommuner-title">De 98 kommuner: {indicatorLabel(indicator)}</h2>
        <KommuneTable indicator={indicator} />
      </section>
      <section aria-labelledby="national-warnings-title">
        <h2 id="national-warnings-title">Offentliggjorte advarsler</h2>
        <NationalWarnings />
      </section>
    </>
  );
}

const isPercent = (id: string) => INDICATORS[id]?.kind === 'proportion' || INDICATORS[id]?.kind === 'count';
const show = (id: string, value: number | null | undefined) =>
  INDICATORS[id]?.kind === 'distribution' ? formatDecimal(value) : isPercent(id) ? formatPercent(value) : formatDecimal(value);

function NationalFigures({ data }: { data: NationalIndicators }) {
  return (
    <div data-ready="national">
      <p>
        {data.kommuner.reporting} af 98 kommuner har indberettet
        {data.asOf ? `, opgjort ${formatDate(data.asOf.earliest)} – ${formatDate(data.asOf.latest)}` : ''}.
      </p>
      <ul class="cards">
        {(NATIONAL_INDICATORS as readonly string[]).map((id) => {
          const figure = data.indicators[id];
          if (!figure) return null;
          return (
            <li class="card indicator" key={id}>
              <h3>{indicatorLabel(id)}</h3>
              <p class="figure">
                <span class="value" data-testid={`national-${id}`}>
                  {show(id, figure.value)}
                </span>
                <span class="basis">
                  {formatWhole(figure.numerator)} af {formatWhole(figure.denominator)}
                </span>
              </p>
              {figure.trend && figure.trend.length > 0 && <NationalTrend id={id} trend={figure.trend} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function NationalTrend({ id, trend }: { id: string; trend: NonNullable<NationalFigure['trend']> }) {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: trend.map((point) => formatMonth(point.at)),
        datasets: [
          {
            label: indicatorLabel(id),
            data: trend.map((point) => point.value),
            borderColor: COLOURS.primary,
            backgroundColor: COLOURS.primary,
            pointRadius: 2,
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { ticks: { callback: (value) => show(id, Number(value)), maxTicksLimit: 4 } }, x: { ticks: { maxTicksLimit: 6 } } },
      },
    }),
    [trend, id],
  );
  const first = trend[0]?.value ?? null;
  const last = trend[trend.length - 1]?.value ?? null;
  return (
    <ChartFigure
      config={config}
      height={120}
      label={`Landsudvikling i ${indicatorLabel(id).toLowerCase()} de seneste 12 måneder: fra ${show(id, first)} til ${show(id, last)}.`}
      caption={<span class="small">Hele landet, seneste 12 måneder</span>}
      alternative={
        <DataTable
          caption={`${indicatorLabel(id)}, hele landet, måned for måned`}
          rows={trend}
          rowKey={(point) => point.at}
          columns={[
            { key: 'at', label: 'Måned', render: (point) => formatMonth(point.at) },
            { key: 'value', label: 'Værdi', numeric: true, render: (point) => show(id, point.value) },
            { key: 'k', label: 'Kommuner med', numeric: true, render: (point) => formatWhole(point.kommunerIncluded) },
          ]}
        />
      }
    />
  );
}

function Funnel({ indicator }: { indicator: string }) {
  const funnel = useApi<FunnelPlot>(`/api/v1/national/funnel${query({ indicator, window: 365 })}`);
  return (
    <Async loaded={funnel} what="tragtdiagrammet">
      {(data) => <FunnelChart plot={data} />}
    </Async>
  );
}

const SIDE_LABELS = { above: 'over', below: 'under' } as const;

function FunnelChart({ plot }: { plot: FunnelPlot }) {
  const outside = plot.points.filter((point) => point.outside998 !== null);
  const warning = plot.points.filter((point) => point.outside998 === null && point.outside95 !== null);
  const config = useMemo<ChartConfiguration>(() => {
    const line = (label: string, key: 'lower95' | 'upper95' | 'lower998' | 'upper998', colour: string, dash: number[]) => ({
      type: 'line' as const,
      label,
      data: plot.limits.map((limit) => ({ x: limit.denominator, y: limit[key] })),
      borderColor: colour,
      borderDash: dash,
      pointRadius: 0,
      borderWidth: 2,
    });
    return {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Kommuner',
            data: plot.points.map((point) => ({ x: point.denominator, y: point.rate })),
            pointRadius: plot.points.map((point) => (point.outside998 ? 6 : 3)),
            pointStyle: plot.points.map((point) => (point.outside998 ? 'rectRot' : 'circle')),
            backgroundColor: plot.points.map((point) => (point.outside998 ? COLOURS.alarm : COLOURS.primary)),
            borderColor: plot.points.map((point) => (point.outside998 ? COLOURS.alarm : COLOURS.primary)),
          },
          line('95 %-grænse', 'upper95', COLOURS.muted, [6, 4]),
          { ...line('95 %-grænse (nedre)', 'lower95', COLOURS.muted, [6, 4]) },
          line('99,8 %-grænse', 'upper998', COLOURS.alarm, [2, 3]),
          { ...line('99,8 %-grænse (nedre)', 'lower998', COLOURS.alarm, [2, 3]) },
          {
            type: 'line' as const,
            label: 'Landsniveau',
            data: plot.limits.length
              ? [
                  { x: plot.limits[0]!.denominator, y: plot.target },
                  { x: plot.limits[plot.limits.length - 1]!.denominator, y: plot.target },
                ]
              : [],
            borderColor: '#1a1a1a',
            pointRadius: 0,
            borderWidth: 1,
          },
        ],
      },
      options: {
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => !String(item.text).includes('(nedre)') } },
          tooltip: {
            callbacks: {
              label: (context) => {
                const point = plot.points[context.dataIndex];
                return context.datasetIndex === 0 && point
                  ? `${point.name}: ${formatPercent(point.rate)} af ${point.denominator}`
                  : String(context.dataset.label);
              },
            },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Antal (nævner)' } },
          y: { title: { display: true, text: 'Andel' }, ticks: { callback: (value) => formatPercent(Number(value)) } },
        },
      },
    } as ChartConfiguration;
  }, [plot]);
  const label =
    `Tragtdiagram for ${indicatorLabel(plot.indicator).toLowerCase()}: ${plot.points.length} kommuner mod landsniveauet ${formatPercent(plot.target)}. ` +
    (outside.length === 0
      ? 'Ingen kommuner ligger uden for 99,8 %-grænserne.'
      : `Uden for 99,8 %-grænserne: ${outside.map((point) => `${point.name} (${SIDE_LABELS[point.outside998!]})`).join(', ')}.`);
  return (
    <>
      <ChartFigure
        config={config}
        height={340}
        label={label}
        testId="funnel"
        caption={
          <>
            Hver prik er en kommune: andel mod antal sager. Grænserne er justeret for overspredning (Spiegelhalter
            {plot.tau2 !== null ? `, τ² = ${formatDecimal(plot.tau2)}` : ''}).
          </>
        }
        alternative={
          <DataTable
            caption="Kommunerne i tragtdiagrammet"
            rows={plot.points}
            rowKey={(point) => point.kommune}
            columns={[
              { key: 'name', label: 'Kommune', render: (point) => point.name, sortValue: (point) => point.name },
              {
                key: 'rate',
                label: 'Andel',
                numeric: true,
                render: (point) => formatPercent(point.rate),
                sortValue: (point) => point.rate,
              },
              {
                key: 'n',
                label: 'Antal',
                numeric: true,
                render: (point) => formatWhole(point.denominator),
                sortValue: (point) => point.denominator,
              },
              {
                key: 'out',
                label: 'Uden for grænserne',
                render: (point) =>
                  point.outside998
                    ? `99,8 % (${SIDE_LABELS[point.outside998]})`
                    : point.outside95
                      ? `95 % (${SIDE_LABELS[point.outside95]})`
                      : '',
              },
            ]}
          />
        }
      />
      <div data-testid="funnel-outliers">
        <h3>Uden for 99,8 %-grænserne</h3>
        {outside.length === 0 ? (
          <p>Ingen.</p>
        ) : (
          <ul>
            {outside.map((point) => (
              <li key={point.kommune}>
                {point.name}: {formatPercent(point.rate)} af {formatWhole(point.denominator)} ({SIDE_LABELS[point.outside998!]} grænsen)
              </li>
            ))}
          </ul>
        )}
        {warning.length > 0 && <p>Kun uden for 95 %-grænserne: {warning.map((point) => point.name).join(', ')}.</p>}
        {plot.suppressed.length > 0 && (
          <p class="small">Ikke med (undertrykt, under 3 sager): {plot.suppressed.map(kommuneName).join(', ')}.</p>
        )}
      </div>
    </>
  );
}

function KommuneTable({ indicator }: { indicator: string }) {
  const figures = useApi<KommuneFigures>(`/api/v1/national/kommuner${query({ indicator, window: 365 })}`);
  return (
    <Async loaded={figures} what="kommunetabellen">
      {(data) => (
        <DataTable
          id="kommuner"
          caption={`${indicatorLabel(indicator)}, 365 dage. Landsniveau ${show(indicator, data.national.value)}. Sortér ved at vælge en kolonneoverskrift.`}
          rows={data.kommuner}
          rowKey={(row) => row.kommune}
          columns={[
            { key: 'name', label: 'Kommune', render: (row) => `${row.name} (${row.kommune})`, sortValue: (row) => row.name },
            { key: 'region', label: 'Region', render: (row) => row.region, sortValue: (row) => row.region },
            {
              key: 'value',
              label: 'Værdi',
              numeric: true,
              render: (row) =>
                !row.reported ? (
                  <span class="suppressed">Ikke indberettet</span>
                ) : row.suppressed ? (
                  <span class="suppressed" title="Færre end 3 sager: undertrykt">
                    Undertrykt
                  </span>
                ) : (
                  show(indicator, INDICATORS[indicator]?.kind === 'distribution' ? (row.median ?? null) : row.value)
                ),
              sortValue: (row) => (row.suppressed || !row.reported ? null : (row.value ?? row.median ?? null)),
            },
            {
              key: 'basis',
              label: 'Grundlag',
              numeric: true,
              render: (row) =>
                row.suppressed || row.numerator === null ? '–' : `${formatWhole(row.numerator)} af ${formatWhole(row.denominator)}`,
              sortValue: (row) => row.denominator,
            },
            {
              key: 'trend',
              label: 'Udvikling (12 mdr.)',
              render: (row) => trendText(indicator, row.trend),
            },
          ]}
        />
      )}
    </Async>
  );
}

/** A trend in words: first and last month with a figure, and the direction. */
function trendText(indicator: string, trend: KommuneFigureRow['trend']): string {
  const values = (trend ?? []).filter((point) => !point.suppressed && point.value !== null);
  if (values.length < 2) return '–';
  const first = values[0]!.value!;
  const last = values[values.length - 1]!.value!;
  const arrow = last > first ? '↗' : last < first ? '↘' : '→';
  return `${show(indicator, first)} ${arrow} ${show(indicator, last)}`;
}

function NationalWarnings() {
  const warnings = useApi<{ warnings: KommuneWarning[] }>(`/api/v1/national/warnings${query({ status: 'all' })}`);
  return (
    <Async loaded={warnings} what="advarslerne">
      {({ warnings: list }) =>
        list.length === 0 ? (
          <p>Ingen offentliggjorte advarsler.</p>
        ) : (
          <DataTable
            id="national-warnings"
            caption="Advarsler fra kommunerne og fra landssammenligningen"
            rows={list}
            rowKey={(warning) => warning.key}
            initialSort={{ key: 'fired', direction: 'descending' }}
            columns={[
              {
                key: 'kommune',
                label: 'Kommune',
                render: (warning) => kommuneName(warning.kommune),
                sortValue: (warning) => kommuneName(warning.kommune),
              },
              { key: 'code', label: 'Advarsel', render: (warning) => codeLabel(warning.code), sortValue: (warning) => warning.code },
              {
                key: 'series',
                label: 'Serie',
                render: (warning) => `${indicatorLabel(warning.series)} (${departmentLabel(warning.department).toLowerCase()})`,
              },
              { key: 'method', label: 'Metode', render: (warning) => warning.method },
              { key: 'fired', label: 'Fra', render: (warning) => formatDate(warning.firedAt), sortValue: (warning) => warning.firedAt },
              { key: 'cleared', label: 'Til', render: (warning) => (warning.clearedAt ? formatDate(warning.clearedAt) : 'Aktiv') },
            ]}
          />
        )
      }
    </Async>
  );
}
