import { studentTQuantile, welchTest } from '@tillidsbarometer/indicators';
import { ANSWER_CODES, ANSWER_KEYS, TIMING_CATEGORIES, type AnswerKey, type TimingCategory } from '../question-bank/question-bank';

/** How many gave each answer, with every key present (0 when none). */
export type AnswerDistribution = Record<AnswerKey, number>;

export interface AnswerSummary {
  /** Answers on the 0-3 scale; "ved ikke" and "nægter at svare" are not counted. */
  n: number;
  /** Mean of the raw codes (CONTRACT.md section 7: the turnover item as answered). null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (divisor n - 1); null when n < 2. */
  sd: number | null;
  /** mean ± t(0.975, n - 1) · sd / √n (Student's t); null when n < 2. */
  ci95: [number, number] | null;
  distribution: AnswerDistribution;
}

/** n, mean, sample sd, Student-t 95 % interval and distribution of one question's answers. */
export function summariseAnswers(counts: Partial<Record<AnswerKey, number>>): AnswerSummary {
  const distribution = Object.fromEntries(ANSWER_KEYS.map((key) => [key, counts[key] ?? 0])) as AnswerDistribution;
  let n = 0;
  let sum = 0;
  for (const code of ANSWER_CODES) {
    n += distribution[String(code) as AnswerKey];
    sum += code * distribution[String(code) as AnswerKey];
  }
  if (n === 0) return { n, mean: null, sd: null, ci95: null, distribution };
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci95: null, distribution };
  let squares = 0;
  for (const code of ANSWER_CODES) squares += distribution[String(code) as AnswerKey] * (code - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const margin = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - margin, mean + margin], distribution };
}

export interface MeanComparison {
  /** a.mean - b.mean */
  difference: number;
  /** Welch 95 % interval of the difference; null when both samples have sd 0 (Welch's t is undefined). */
  ci95: [number, number] | null;
  /** Two-sided Welch p (Welch–Satterthwaite df); null when both samples have sd 0. */
  p: number | null;
}

/**
 * Welch's comparison of two means (libs/indicators' welchTest). With both standard deviations 0 (every answer
 * the same on both sides, which happens with a handful of answers on a 0-3 scale) there is no standard error:
 * the difference is reported, the interval and p are null rather than a fabricated certainty.
 */
export function compareMeans(a: AnswerSummary, b: AnswerSummary): MeanComparison {
  if (a.mean === null || b.mean === null || a.sd === null || b.sd === null) throw new RangeError('both samples need n >= 2');
  if (a.sd === 0 && b.sd === 0) return { difference: a.mean - b.mean, ci95: null, p: null };
  const test = welchTest({ n: a.n, mean: a.mean, sd: a.sd }, { n: b.n, mean: b.mean, sd: b.sd });
  return { difference: test.difference, ci95: test.ci, p: test.p };
}

export type TimingShares = Record<TimingCategory, number> & { n: number };

/** Shares of those who answered the timing question (CONTRACT.md section 7); never averaged into a score. */
export function timingShares(counts: Partial<Record<TimingCategory, number>>): TimingShares {
  const n = TIMING_CATEGORIES.reduce((sum, category) => sum + (counts[category] ?? 0), 0);
  const shares = Object.fromEntries(TIMING_CATEGORIES.map((category) => [category, n === 0 ? 0 : (counts[category] ?? 0) / n]));
  return { ...(shares as Record<TimingCategory, number>), n };
}
