import type { Indicator, IndicatorId, IndicatorQuery, WindowDays } from '../../indicators/indicator-queries';

/** CONTRACT.md section 3: the answer of GET /api/v1/kommuner/{kommune}/indicators. */
export interface IndicatorsAnswer {
  kommune: string;
  asOf: string;
  window: WindowDays;
  department: string | null;
  casesWithoutDeadline: number;
  indicators: Partial<Record<IndicatorId, Indicator>>;
}

export class GetIndicatorsQuery {
  constructor(readonly query: IndicatorQuery) {}
}
