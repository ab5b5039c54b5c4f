import { requireAtLeast, requireFinite, requireOpenProbability } from './argument-checks';
import { studentTCdf, studentTQuantile } from './probability-distributions';

/** A sample summarised: size, mean and sample standard deviation (divisor n - 1). */
export interface SampleSummary {
  n: number;
  mean: number;
  sd: number;
}

export interface WelchTest {
  /** a.mean - b.mean */
  difference: number;
  /** The confidence interval of the difference, at the confidence asked for. */
  ci: [number, number];
  t: number;
  /** Welch–Satterthwaite degrees of freedom, a decimal. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's unequal-variances t-test of a.mean - b.mean (Welch 1947, Biometrika 34:28–35; df by Satterthwaite 1946),
 * chosen over Student's pooled test because leaders, caseworkers and citizens answer in groups of very different
 * size and spread. Works from summaries so that callers need not keep the answers.
 *
 * Throws RangeError when either n is below 2 (no standard deviation), on negative or non-finite figures, and when
 * both standard deviations are 0: then the standard error is 0 and t is undefined, which a caller has to decide
 * about (it arises with a handful of identical answers on a 0-3 scale).
 */
export function welchTest(a: SampleSummary, b: SampleSummary, confidence = 0.95): WelchTest {
  requireSummary('a', a);
  requireSummary('b', b);
  requireOpenProbability('confidence', confidence);
  const varianceOfMeanA = (a.sd * a.sd) / a.n;
  const varianceOfMeanB = (b.sd * b.sd) / b.n;
  const varianceOfDifference = varianceOfMeanA + varianceOfMeanB;
  if (varianceOfDifference === 0) throw new RangeError('both samples have standard deviation 0: Welch’s t is undefined');

  const difference = a.mean - b.mean;
  const standardError = Math.sqrt(varianceOfDifference);
  const t = difference / standardError;
  const df = varianceOfDifference ** 2 / (varianceOfMeanA ** 2 / (a.n - 1) + varianceOfMeanB ** 2 / (b.n - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, df) * standardError;
  // From the lower tail at -|t|, which keeps its precision where 1 - cdf(|t|) would cancel to 0; capped at 1
  // because jstat's cdf(0) can exceed 0.5 by ~1e-7.
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { difference, ci: [difference - margin, difference + margin], t, df, p };
}

function requireSummary(name: string, sample: SampleSummary): void {
  requireAtLeast(`${name}.n`, sample.n, 2);
  if (!Number.isInteger(sample.n)) throw new RangeError(`${name}.n must be an integer, got ${sample.n}`);
  requireFinite(`${name}.mean`, sample.mean);
  requireAtLeast(`${name}.sd`, sample.sd, 0);
}
