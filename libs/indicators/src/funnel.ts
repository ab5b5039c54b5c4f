import { requireAtLeast, requireFinite, requireOpenProbability } from './argument-checks';
import { normalQuantile } from './probability-distributions';
import { quantileOfSorted, sortedCopy } from './quantile';

/**
 * Funnel plots for comparing institutions of very different size against one target, with the over-dispersion
 * adjustment (DOMAIN.md, Early warning): Spiegelhalter DJ (2005), "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202, and "Handling over-dispersion of performance indicators",
 * Quality and Safety in Health Care 14:347–351. For proportions, with the normal approximation:
 *
 *   target p0 = Σ numerators / Σ denominators, s_i = √(p0(1 − p0)/n_i), z_i = (y_i − p0)/s_i
 *   φ = (1/I) Σ z_i² over the z-scores winsorised at 10 % in each tail
 *   τ² = (Iφ − (I − 1)) / (Σ w_i − Σ w_i²/Σ w_i), w_i = 1/s_i², and 0 when Iφ ≤ I − 1 (additive random effects)
 *   limits p0 ± z·√(s_i² + τ²); the adjusted z-score (y_i − p0)/√(s_i² + τ²)
 */

/** The two-sided 95 % and 99.8 % limits: the normal quantiles 1.959964 (97.5 %) and 3.090232 (99.9 %). */
export const FUNNEL_Z_95 = normalQuantile(0.975);
export const FUNNEL_Z_998 = normalQuantile(0.999);
/** Spiegelhalter's suggestion: shrink the 10 % most extreme z-scores in each tail before estimating φ. */
export const DEFAULT_WINSORISATION = 0.1;

export interface FunnelUnit {
  numerator: number;
  denominator: number;
}

export type LimitSide = 'above' | 'below' | null;

export interface FunnelPoint {
  numerator: number;
  denominator: number;
  rate: number;
  /** (y − p0)/s: the plain z-score, before any adjustment. */
  z: number;
  /** (y − p0)/√(s² + τ²): what the adjusted limits compare. */
  zAdjusted: number;
  limits95: [number, number];
  limits998: [number, number];
  /** Which side of the adjusted limits the point lies on, or null inside them. */
  outside95: LimitSide;
  outside998: LimitSide;
}

export interface FunnelAnalysis {
  /** p0, the pooled rate of every unit. */
  target: number;
  /** I, the number of units (denominator > 0). */
  units: number;
  winsorisation: number;
  /** The over-dispersion factor estimated from the winsorised z-scores. */
  phi: number;
  /** The between-unit variance added to each unit's binomial variance; 0 when φ shows no over-dispersion. */
  tau2: number;
  /** One per unit given, in the same order (units with denominator 0 get null: they have no rate). */
  points: Array<FunnelPoint | null>;
}

/** Each value below the fraction-quantile raised to it, each above the (1 − fraction)-quantile lowered to it (type 7 quantiles). */
export function winsorise(values: readonly number[], fraction = DEFAULT_WINSORISATION): number[] {
  requireFinite('fraction', fraction);
  if (fraction < 0 || fraction >= 0.5) throw new RangeError(`fraction must be at least 0 and below 0.5, got ${fraction}`);
  if (values.length === 0) return [];
  const sorted = sortedCopy(values);
  const low = quantileOfSorted(sorted, fraction);
  const high = quantileOfSorted(sorted, 1 - fraction);
  return values.map((value) => Math.min(high, Math.max(low, value)));
}

/** The funnel's limits for a unit of size n around p0, widened by τ², clamped to [0, 1]. */
export function funnelLimits(target: number, denominator: number, tau2: number, z: number): [number, number] {
  requireOpenProbability('target', target);
  requireAtLeast('tau2', tau2, 0);
  requireFinite('z', z);
  if (!(denominator > 0) || !Number.isFinite(denominator)) throw new RangeError(`denominator must be positive, got ${denominator}`);
  const half = z * Math.sqrt((target * (1 - target)) / denominator + tau2);
  return [Math.max(0, target - half), Math.min(1, target + half)];
}

/**
 * The whole analysis for a set of units. Throws RangeError when the units cannot give a funnel: fewer than two
 * with a denominator, or a pooled rate of exactly 0 or 1 (every s_i would be 0).
 */
export function funnelAnalysis(units: readonly FunnelUnit[], options: { winsorisation?: number } = {}): FunnelAnalysis {
  const winsorisation = options.winsorisation ?? DEFAULT_WINSORISATION;
  for (const unit of units) {
    requireAtLeast('numerator', unit.numerator, 0);
    requireAtLeast('denominator', unit.denominator, 0);
    if (unit.numerator > unit.denominator) throw new RangeError(`numerator ${unit.numerator} exceeds denominator ${unit.denominator}`);
  }
  const counted = units.filter((unit) => unit.denominator > 0);
  if (counted.length < 2) throw new RangeError(`a funnel needs at least two units with a denominator, got ${counted.length}`);
  const totalNumerator = counted.reduce((sum, unit) => sum + unit.numerator, 0);
  const totalDenominator = counted.reduce((sum, unit) => sum + unit.denominator, 0);
  const target = totalNumerator / totalDenominator;
  if (target <= 0 || target >= 1) throw new RangeError(`the pooled rate is ${target}: a funnel needs a target strictly between 0 and 1`);

  const variance = (unit: FunnelUnit) => (target * (1 - target)) / unit.denominator;
  const zScores = counted.map((unit) => (unit.numerator / unit.denominator - target) / Math.sqrt(variance(unit)));
  const I = counted.length;
  const phi = winsorise(zScores, winsorisation).reduce((sum, z) => sum + z * z, 0) / I;
  const weights = counted.map((unit) => 1 / variance(unit));
  const sumW = weights.reduce((sum, w) => sum + w, 0);
  const sumW2 = weights.reduce((sum, w) => sum + w * w, 0);
  const tau2 = I * phi > I - 1 ? (I * phi - (I - 1)) / (sumW - sumW2 / sumW) : 0;

  const side = (zAdjusted: number, z: number): LimitSide => (zAdjusted > z ? 'above' : zAdjusted < -z ? 'below' : null);
  const points = units.map((unit): FunnelPoint | null => {
    if (unit.denominator === 0) return null;
    const rate = unit.numerator / unit.denominator;
    const s2 = variance(unit);
    const zAdjusted = (rate - target) / Math.sqrt(s2 + tau2);
    return {
      numerator: unit.numerator,
      denominator: unit.denominator,
      rate,
      z: (rate - target) / Math.sqrt(s2),
      zAdjusted,
      limits95: funnelLimits(target, unit.denominator, tau2, FUNNEL_Z_95),
      limits998: funnelLimits(target, unit.denominator, tau2, FUNNEL_Z_998),
      outside95: side(zAdjusted, FUNNEL_Z_95),
      outside998: side(zAdjusted, FUNNEL_Z_998),
    };
  });
  return { target, units: I, winsorisation, phi, tau2, points };
}
