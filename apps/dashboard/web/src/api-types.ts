/** The API's answers as the views read them (CONTRACT.md sections 3-8). */
export interface Proportion {
  value: number | null;
  numerator: number;
  denominator: number;
  ci95: [number, number] | null;
  count?: number;
  withNotice?: number;
  withoutNotice?: number;
}
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface Distribution {
  n: number;
  median: number | null;
  p90: number | null;
}
export type Indicator = Proportion | Rate | Distribution;

export const isDistribution = (indicator: Indicator): indicator is Distribution => 'median' in indicator;
export const hasInterval = (indicator: Indicator): indicator is Proportion => 'ci95' in indicator;

export interface IndicatorsAnswer {
  kommune: string;
  asOf: string;
  window: number;
  department: string | null;
  casesWithoutDeadline: number;
  indicators: Record<string, Indicator>;
}

export interface IndicatorSeries {
  indicator: string;
  points: Array<{ at: string } & Indicator>;
}

export interface Flag {
  code: string;
  caseId: string;
  department: string;
  area: string;
  raisedAt: string;
  clearedAt?: string;
  details: Record<string, string | number>;
}

export interface Alert {
  id: string;
  key: string;
  code: string;
  kommune: string;
  severity?: string;
  status: 'firing' | 'resolved';
  raisedAt: string;
  clearedAt?: string;
  caseId?: string;
  details: Record<string, unknown>;
  acknowledgedAt?: string;
}

export interface KommuneWarning {
  key: string;
  code: string;
  kommune: string;
  department: string | null;
  series: string;
  method: string;
  parameters: Record<string, number | string | boolean>;
  firedAt: string;
  clearedAt: string | null;
  details: Record<string, unknown>;
}

export type SuppressedCell = { suppressed: true };
export const isSuppressed = (cell: unknown): cell is SuppressedCell =>
  typeof cell === 'object' && cell !== null && (cell as { suppressed?: unknown }).suppressed === true;

export interface QuestionCell {
  n: number;
  mean: number;
  sd: number;
  ci95: [number, number];
  distribution: Record<string, number>;
  baseline2020: number | null;
  previous?: unknown;
}
export interface GapCell {
  difference: number;
  ci95: [number, number];
  p: number;
  baseline2020?: number | null;
}
export interface MeasurementResults {
  id: string;
  status: string;
  responses: Record<string, number>;
  questions: Record<string, Record<string, QuestionCell | SuppressedCell>>;
  gaps: Record<string, Record<string, GapCell | SuppressedCell>>;
  timing: Record<string, Record<string, number> | SuppressedCell>;
}

export interface MeasurementSummary {
  id: string;
  kommune: string;
  title: string;
  status: 'scheduled' | 'open' | 'closed';
  roles: string[];
  questionIds: string[];
  opensAt: string;
  closesAt: string;
  openedAt: string | null;
  closedAt: string | null;
  tokensIssued: Record<string, number>;
  responses: Record<string, number>;
}
