import type { SnapshotFigureKind } from '@tillidsbarometer/domain';
import type { NationalFigure } from '../sum-cells';

export const KOMMUNE_ORDERS = ['code', 'name'] as const;
export type KommuneOrder = (typeof KOMMUNE_ORDERS)[number];

export interface KommuneFigureRow {
  kommune: string;
  name: string;
  region: string;
  regionCode: string;
  /** False when the kommune has published no snapshot yet: its figures are then all null. */
  reported: boolean;
  asOf: string | null;
  suppressed: boolean;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  ci95?: [number, number] | null;
  count?: number | null;
  n?: number | null;
  median?: number | null;
  p90?: number | null;
  /** The whole kommune at its last 12 month ends; null for a department, or an indicator without a trend. */
  trend: Array<{ at: string; suppressed: boolean; value: number | null }> | null;
}

export interface KommuneFigures {
  indicator: string;
  kind: SnapshotFigureKind;
  window: number;
  department: string | null;
  order: KommuneOrder;
  national: NationalFigure;
  kommuner: KommuneFigureRow[];
}

export class ListKommuneFiguresQuery {
  constructor(
    readonly indicator: string,
    readonly window: number,
    readonly department: string | null,
    readonly order: KommuneOrder,
  ) {}
}
