import type { ChartPoint } from '../../delayed-help/detect-deterioration';
import type { DelayedHelpSeries } from '../../delayed-help/kommune-deterioration';

/** One week of the delayed-help control chart: the detector's point, its week end as an ISO-8601 UTC instant. */
export type DelayedHelpChartPoint = Omit<ChartPoint, 'weekEnd'> & { weekEnd: string };

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
