import type { WeekStatus } from '../../delayed-help/detect-deterioration';
import type { DelayedHelpSeries } from '../../delayed-help/kommune-deterioration';

/** One week of the delayed-help control chart (ISO-8601 UTC instants, shares as fractions). */
export interface DelayedHelpChartPoint {
  weekEnd: string;
  n: number;
  late: number;
  share: number | null;
  status: WeekStatus;
  baseline: number | null;
  threshold: number | null;
  cusum: number | null;
  signal: boolean;
  firing: boolean;
  ewma: number | null;
  ewmaUpperLimit: number | null;
}

export interface DelayedHelpChart {
  kommune: string;
  series: DelayedHelpSeries;
  department: string | null;
  method: string;
  parameters: Record<string, number>;
  from: string;
  to: string;
  points: DelayedHelpChartPoint[];
}

export class GetDelayedHelpChartQuery {
  constructor(
    readonly kommune: string,
    readonly series: DelayedHelpSeries,
    readonly department: string | null,
    readonly from: Date,
    readonly to: Date,
  ) {}
}
