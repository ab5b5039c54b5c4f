import { jStat } from 'jstat';
import { requireFinite, requireOpenProbability } from './argument-checks';

// The quantile and distribution functions come from jstat rather than being written here: they are numerical
// approximations with their own literature, and one tested implementation is safer than a second one. jstat
// agrees with scipy to about 1e-12 for the normal quantile and about 1e-7 (relative) for Student's t at the
// degrees of freedom a survey comparison produces. Inputs are checked first because jstat answers NaN or a
// finite number (not ±Infinity) at the edges instead of throwing.

/** The p-quantile of the standard normal distribution, 0 < p < 1. */
export function normalQuantile(p: number): number {
  requireOpenProbability('p', p);
  return jStat.normal.inv(p, 0, 1);
}

/** The p-quantile of Student's t with df degrees of freedom (df > 0, not necessarily an integer: Welch's df is not). */
export function studentTQuantile(p: number, df: number): number {
  requireOpenProbability('p', p);
  requirePositiveDf(df);
  return jStat.studentt.inv(p, df);
}

/** P(T <= x) for Student's t with df degrees of freedom (df > 0, not necessarily an integer). */
export function studentTCdf(x: number, df: number): number {
  requireFinite('x', x);
  requirePositiveDf(df);
  return jStat.studentt.cdf(x, df);
}

function requirePositiveDf(df: number): void {
  requireFinite('df', df);
  if (df <= 0) throw new RangeError(`df must be positive, got ${df}`);
}
