import type { FunnelPoint } from '@tillidsbarometer/indicators';

/** A kommune's point of the funnel: the statistics' point (without the unadjusted z) and who it is. */
export type FunnelPointRow = Omit<FunnelPoint, 'z'> & { kommune: string; name: string; region: string };

export interface FunnelPlot {
  indicator: string;
  window: number;
  method: {
    name: 'spiegelhalter_funnel';
    target: 'national rate: Σ numerators / Σ denominators of the kommuner in the plot';
    z95: number;
    z998: number;
    winsorisation: number;
    overdispersion: 'additive_random_effects';
  };
  /** Null when no funnel can be drawn (fewer than two kommuner, or a national rate of 0 or 1). */
  target: number | null;
  phi: number | null;
  tau2: number | null;
  points: FunnelPointRow[];
  /** The limits along the denominator axis, for drawing: log-spaced from the smallest to the largest kommune. */
  limits: Array<{ denominator: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
  /** Kommuner left out: their whole-kommune cell is suppressed, or they have not reported. */
  suppressed: string[];
  missing: string[];
}

export class GetFunnelQuery {
  constructor(
    readonly indicator: string,
    readonly window: number,
  ) {}
}
