import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { query } from '../../api';
import { ChartFigure, COLOURS } from '../../components/chart';
import { DataTable } from '../../components/data-table';
import { Async } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, formatDecimal, formatPercent, formatWhole } from '../../format';
import { departmentLabel } from '../../labels';

/** One week of the delayed-help control chart (A's endpoint: the detector's own chart points). */
export interface ControlPoint {
  weekEnd: string | number;
  n: number;
  late: number;
  share: number | null;
  status?: string;
  baseline: number | null;
  threshold: number | null;
  cusum: number | null;
  signal: boolean;
  firing: boolean;
  ewma?: number | null;
  ewmaUpperLimit?: number | null;
}

export interface ControlSeries {
  series: string;
  department?: string | null;
  points: ControlPoint[];
}

const SERIES_LABELS: Record<string, string> = {
  late_first_decisions: 'Andel sene første afgørelser',
  late_help_starts: 'Andel bevilget hjælp, der startede for sent',
};

/** The chart endpoint's answer, whichever of its shapes: one series, or several under `series`/`charts`. */
export function controlSeriesOf(answer: unknown): ControlSeries[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const record = answer as Record<string, unknown>;
  if (Array.isArray(record['points'])) {
    return [
      {
        series: String(record['series'] ?? 'late_first_decisions'),
        department: (record['department'] as string) ?? null,
        points: record['points'] as ControlPoint[],
      },
    ];
  }
  for (const key of ['series', 'charts']) {
    const list = record[key];
    if (Array.isArray(list)) return list.flatMap((item) => controlSeriesOf(item));
  }
  return [];
}

export function DelayedHelpSection({ kommune, department }: { kommune: string; department: string | null }) {
  const chart = useApi<unknown>(`/api/v1/kommuner/${kommune}/warnings/delayed-help/chart${query({ department })}`);
  return (
    <Async loaded={chart} what="kontrolkortet">
      {(data) => {
        const all = controlSeriesOf(data);
        if (all.length === 0) return <p class="status notice">Ingen uger at vise endnu.</p>;
        return (
          <>
            {all.map((series) => (
              <ControlChart key={`${series.series}-${series.department ?? ''}`} series={series} />
            ))}
          </>
        );
      }}
    </Async>
  );
}

const weekIso = (weekEnd: string | number) => (typeof weekEnd === 'number' ? new Date(weekEnd).toISOString() : weekEnd);

function ControlChart({ series }: { series: ControlSeries }) {
  // The last year of weeks: enough to see a shift against the baseline, few enough to read.
  const points = series.points.slice(-52);
  const name = `${SERIES_LABELS[series.series] ?? series.series} (${departmentLabel(series.department)})`;
  const signals = points.filter((point) => point.signal);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: points.map((point) => formatDate(weekIso(point.weekEnd))),
        datasets: [
          {
            label: 'Ugens andel',
            data: points.map((point) => point.share),
            borderColor: COLOURS.primary,
            backgroundColor: COLOURS.primary,
            pointRadius: points.map((point) => (point.signal ? 7 : 2)),
            pointStyle: points.map((point) => (point.signal ? 'triangle' : 'circle')),
            pointBackgroundColor: points.map((point) => (point.signal ? COLOURS.alarm : COLOURS.primary)),
            pointBorderColor: points.map((point) => (point.signal ? COLOURS.alarm : COLOURS.primary)),
            borderWidth: 1,
            spanGaps: true,
          },
          {
            label: 'Kommunens eget niveau (baseline)',
            data: points.map((point) => point.baseline),
            borderColor: COLOURS.muted,
            borderDash: [6, 4],
            pointRadius: 0,
            borderWidth: 2,
          },
          {
            label: 'EWMA',
            data: points.map((point) => point.ewma ?? null),
            borderColor: COLOURS.limit,
            pointRadius: 0,
            borderWidth: 2,
          },
          {
            label: 'EWMA-kontrolgrænse',
            data: points.map((point) => point.ewmaUpperLimit ?? null),
            borderColor: COLOURS.alarm,
            borderDash: [2, 3],
            pointRadius: 0,
            borderWidth: 2,
          },
        ],
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { min: 0, ticks: { callback: (value) => formatPercent(Number(value)) } }, x: { ticks: { maxTicksLimit: 8 } } },
      },
    }),
    [points],
  );
  const label =
    `Kontrolkort for ${name.toLowerCase()} uge for uge det seneste år. ` +
    (signals.length === 0
      ? 'Ingen uger gav signal om forværring.'
      : `Signal om forværring i ${signals.length} uger, senest ugen til ${formatDate(weekIso(signals[signals.length - 1]!.weekEnd))}.`);
  return (
    <ChartFigure
      config={config}
      label={label}
      height={260}
      testId={`control-chart-${series.series}`}
      caption={
        <>
          <strong>{name}</strong>. Trekanter markerer uger, hvor CUSUM-statistikken passerede grænsen (signal).{' '}
          <span class="small">{label}</span>
        </>
      }
      alternative={
        <DataTable
          caption={`${name}: uge for uge`}
          rows={points}
          rowKey={(point) => String(point.weekEnd)}
          columns={[
            { key: 'week', label: 'Uge til', render: (point) => formatDate(weekIso(point.weekEnd)) },
            { key: 'n', label: 'Sager', numeric: true, render: (point) => formatWhole(point.n) },
            { key: 'late', label: 'Sene', numeric: true, render: (point) => formatWhole(point.late) },
            { key: 'share', label: 'Andel', numeric: true, render: (point) => formatPercent(point.share) },
            { key: 'baseline', label: 'Baseline', numeric: true, render: (point) => formatPercent(point.baseline) },
            {
              key: 'cusum',
              label: 'CUSUM / grænse',
              numeric: true,
              render: (point) => `${formatDecimal(point.cusum)} / ${formatDecimal(point.threshold)}`,
            },
            { key: 'signal', label: 'Signal', render: (point) => (point.signal ? 'Signal' : point.firing ? 'Advarsel aktiv' : '') },
          ]}
        />
      }
    />
  );
}
