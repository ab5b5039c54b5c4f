import type { Indicator, IndicatorId, WindowDays } from '../../indicators/indicator-queries';

export type SeriesStep = 'week' | 'month';
export const SERIES_STEPS: readonly SeriesStep[] = ['week', 'month'];

export interface IndicatorSeries {
  kommune: string;
  indicator: IndicatorId;
  window: WindowDays;
  department: string | null;
  step: SeriesStep;
  from: string;
  to: string;
  /** The figure evaluated at each step end, oldest first: `at` is the asOf of that point. */
  points: Array<{ at: string; casesWithoutDeadline: number } & Indicator>;
}

export class GetIndicatorSeriesQuery {
  constructor(
    readonly kommune: string,
    readonly indicator: IndicatorId,
    readonly window: WindowDays,
    readonly department: string | null,
    readonly step: SeriesStep,
    readonly from: Date,
    readonly to: Date,
  ) {}
}
