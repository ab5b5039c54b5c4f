import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { hasInterval, isDistribution, type Indicator, type IndicatorSeries, type IndicatorsAnswer } from '../../api-types';
import { ChartFigure, COLOURS } from '../../components/chart';
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/status';
import { useApi } from '../../components/use-api';
import { query } from '../../api';
import { formatDecimal, formatInterval, formatMonth, formatPercent, formatWhole } from '../../format';
import { HEADLINE_INDICATORS, INDICATORS, indicatorLabel } from '../../labels';

/** The figure as a reader sees it: a share in per cent, a rate or a median in decimals. */
export function indicatorValue(id: string, indicator: Indicator): string {
  if (isDistribution(indicator)) return indicator.median === null ? '–' : `${formatDecimal(indicator.median)} dage`;
  if (INDICATORS[id]?.kind === 'rate') return formatDecimal(indicator.value);
  return formatPercent(indicator.value);
}

export function indicatorBasis(id: string, indicator: Indicator): string {
  if (isDistribution(indicator)) return `n = ${formatWhole(indicator.n)}, 90 %-fraktil ${formatDecimal(indicator.p90)} dage`;
  if (INDICATORS[id]?.kind === 'rate') return `${formatWhole(indicator.numerator)} / ${formatDecimal(indicator.denominator)}`;
  return `${formatWhole(indicator.numerator)} af ${formatWhole(indicator.denominator)}`;
}

export function IndicatorCards({
  kommune,
  answer,
  window,
  department,
}: {
  kommune: string;
  answer: IndicatorsAnswer;
  window: number;
  department: string | null;
}) {
  return (
    <ul class="cards" aria-label="Nøgletal">
      {HEADLINE_INDICATORS.map((id) => {
        const indicator = answer.indicators[id];
        if (!indicator) return null;
        return (
          <li class="card indicator" key={id} data-indicator={id}>
            <h3>{indicatorLabel(id)}</h3>
            <p class="figure">
              <span class="value" data-testid={`value-${id}`}>
                {indicatorValue(id, indicator)}
              </span>
              <span class="basis">{indicatorBasis(id, indicator)}</span>
            </p>
            {hasInterval(indicator) && (
              <p class="interval">
                95 %-interval (Wilson): <span data-testid={`ci-${id}`}>{formatInterval(indicator.ci95)}</span>
              </p>
            )}
            {id === 'overdue_open_requests' && 'withNotice' in indicator && (
              <p class="interval">
                Heraf med skriftlig besked: {formatWhole(indicator.withNotice)}, uden: {formatWhole(indicator.withoutNotice)}
              </p>
            )}
            <TrendLine kommune={kommune} id={id} window={window} department={department} />
          </li>
        );
      })}
    </ul>
  );
}

function TrendLine({ kommune, id, window, department }: { kommune: string; id: string; window: number; department: string | null }) {
  const series = useApi<IndicatorSeries>(
    `/api/v1/kommuner/${kommune}/indicators/${id}/series${query({ step: 'month', window, department })}`,
  );
  return (
    <Async loaded={series} what="udviklingen">
      {(data) => <TrendChart id={id} series={data} />}
    </Async>
  );
}

function TrendChart({ id, series }: { id: string; series: IndicatorSeries }) {
  const percent = INDICATORS[id]?.kind === 'proportion' || INDICATORS[id]?.kind === 'count';
  const values = series.points.map((point) => ('value' in point ? point.value : null));
  const config = useMemo<ChartConfiguration>(() => {
    const lows = series.points.map((point) => (hasInterval(point) && point.ci95 ? point.ci95[0] : null));
    const highs = series.points.map((point) => (hasInterval(point) && point.ci95 ? point.ci95[1] : null));
    const hasBand = lows.some((low) => low !== null);
    return {
      type: 'line',
      data: {
        labels: series.points.map((point) => formatMonth(point.at)),
        datasets: [
          ...(hasBand
            ? [
                { label: 'Interval, nedre', data: lows, borderWidth: 0, pointRadius: 0, fill: false },
                { label: '95 %-interval', data: highs, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: COLOURS.band },
              ]
            : []),
          { label: indicatorLabel(id), data: values, borderColor: COLOURS.primary, backgroundColor: COLOURS.primary, pointRadius: 2 },
        ],
      },
      options: {
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: {
          y: { ticks: { callback: (value) => (percent ? formatPercent(Number(value)) : formatDecimal(Number(value))), maxTicksLimit: 4 } },
          x: { ticks: { maxTicksLimit: 6 } },
        },
      },
    };
  }, [series, id, percent]);
  const last = values[values.length - 1] ?? null;
  const first = values[0] ?? null;
  const label = `Udvikling de seneste 12 måneder i ${indicatorLabel(id).toLowerCase()}: fra ${percent ? formatPercent(first) : formatDecimal(first)} til ${percent ? formatPercent(last) : formatDecimal(last)}.`;
  return (
    <ChartFigure
      config={config}
      label={label}
      height={120}
      caption={<span class="small">Seneste 12 måneder (månedsvis, samme vindue)</span>}
      alternative={
        <DataTable
          caption={`${indicatorLabel(id)} måned for måned`}
          rows={series.points}
          rowKey={(point) => point.at}
          columns={[
            { key: 'at', label: 'Måned', render: (point) => formatMonth(point.at) },
            { key: 'value', label: 'Værdi', numeric: true, render: (point) => indicatorValue(id, point) },
            { key: 'basis', label: 'Grundlag', numeric: true, render: (point) => indicatorBasis(id, point) },
          ]}
        />
      }
    />
  );
}

/** Every indicator of the answer, in one table. */
export function AllIndicatorsTable({ answer }: { answer: IndicatorsAnswer }) {
  const rows = Object.entries(answer.indicators).map(([id, indicator]) => ({ id, indicator }));
  return (
    <DataTable
      id="all-indicators"
      caption={`Alle indikatorer (${answer.window} dage til ${new Date(answer.asOf).toLocaleDateString('da-DK')}); ${answer.casesWithoutDeadline} sager uden offentliggjort frist er ikke med i fristtallene`}
      rows={rows}
      rowKey={(row) => row.id}
      columns={[
        { key: 'label', label: 'Indikator', render: (row) => indicatorLabel(row.id), sortValue: (row) => indicatorLabel(row.id) },
        { key: 'value', label: 'Værdi', numeric: true, render: (row) => indicatorValue(row.id, row.indicator) },
        {
          key: 'ci',
          label: '95 %-interval',
          numeric: true,
          render: (row) => (hasInterval(row.indicator) ? formatInterval(row.indicator.ci95) : '–'),
        },
        { key: 'basis', label: 'Grundlag', numeric: true, render: (row) => indicatorBasis(row.id, row.indicator) },
      ]}
    />
  );
}
