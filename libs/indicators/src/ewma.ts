import { requireAtLeast, requireFinite } from './argument-checks';

/** One EWMA step: z_t = λ·x_t + (1 − λ)·z_{t−1} (Roberts 1959; Montgomery, section 9.2). */
export function ewmaStep(previous: number, x: number, lambda: number): number {
  requireLambda(lambda);
  requireFinite('previous', previous);
  requireFinite('x', x);
  return lambda * x + (1 - lambda) * previous;
}

/**
 * The textbook control limits of the EWMA at period t (t = 1, 2, ...) for observations of constant standard
 * deviation σ: μ0 ± L·σ·√(λ/(2 − λ)·(1 − (1 − λ)^{2t})).
 */
export function ewmaLimits(t: number, design: { mu0: number; sigma: number; lambda: number; L: number }): { lower: number; upper: number } {
  requireAtLeast('t', t, 1);
  requireLambda(design.lambda);
  requireAtLeast('sigma', design.sigma, 0);
  requireAtLeast('L', design.L, 0);
  const { lambda } = design;
  const spread = design.L * design.sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * t)));
  return { lower: design.mu0 - spread, upper: design.mu0 + spread };
}

/**
 * The variance of z_t when the observations' variances differ (weekly shares of varying n): Var z_t =
 * (1 − λ)²·Var z_{t−1} + λ²·σ_t², from Var z_0 = 0. With a constant σ it sums to the textbook factor
 * σ²·λ/(2 − λ)·(1 − (1 − λ)^{2t}).
 */
export function ewmaVarianceStep(previousVariance: number, observationVariance: number, lambda: number): number {
  requireLambda(lambda);
  requireAtLeast('previousVariance', previousVariance, 0);
  requireAtLeast('observationVariance', observationVariance, 0);
  return (1 - lambda) ** 2 * previousVariance + lambda ** 2 * observationVariance;
}

function requireLambda(lambda: number): void {
  requireFinite('lambda', lambda);
  if (lambda <= 0 || lambda > 1) throw new RangeError(`lambda must be in (0, 1], got ${lambda}`);
}
