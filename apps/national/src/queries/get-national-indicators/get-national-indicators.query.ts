import type { NationalFigure } from '../sum-cells';

export type NationalTrendPoint = {
  at: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  kommunerIncluded: number;
};

export interface NationalIndicators {
  window: number;
  /** How many kommuner have published a snapshot, and which have not. */
  kommuner: { reporting: number; missing: string[] };
  /** The asOf of the oldest and newest latest snapshot: the national picture is as of this span. */
  asOf: { earliest: string; latest: string } | null;
  indicators: Record<string, NationalFigure & { trend?: NationalTrendPoint[] }>;
}

export class GetNationalIndicatorsQuery {
  constructor(readonly window: number) {}
}
