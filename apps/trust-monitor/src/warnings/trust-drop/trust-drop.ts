import { compareMeans, type AnswerSummary } from '@tillidsbarometer/surveys';
import type { KommuneWarning } from '../kommune-warning';

/** A closed round as TRUST_DROP needs it: the citizens' summary per question the round asked them. */
export interface ClosedCitizenRound {
  measurementId: string;
  kommune: string;
  closedAt: string;
  questions: Record<string, AnswerSummary>;
}

export interface TrustDropParameters {
  /** Two-sided Welch p below which a fall counts (CONTRACT.md section 5: p < 0.05). */
  alpha: number;
  /** Both rounds need at least this many citizen answers on the question (the survey threshold of DOMAIN.md). */
  minimumAnswers: number;
}

export const DEFAULT_TRUST_DROP_PARAMETERS: TrustDropParameters = { alpha: 0.05, minimumAnswers: 5 };

/**
 * TRUST_DROP (CONTRACT.md section 5) for one kommune, recomputed from all its closed rounds: for each round and each
 * question it asked citizens, compare with the latest earlier closed round that asked citizens the same question
 * (by closedAt); fire when the citizens' mean fell and Welch's two-sided p < alpha. A warning holds until the next
 * round asking that question closes (it then shows the new state, and fires again itself if it fell further).
 *
 * Recomputing from every round makes the answer independent of the order in which closes arrive, and idempotent.
 */
export function trustDropWarnings(
  rounds: readonly ClosedCitizenRound[],
  parameters: TrustDropParameters = DEFAULT_TRUST_DROP_PARAMETERS,
): KommuneWarning[] {
  const ordered = [...rounds].sort((a, b) => a.closedAt.localeCompare(b.closedAt) || a.measurementId.localeCompare(b.measurementId));
  const warnings: KommuneWarning[] = [];
  ordered.forEach((round, index) => {
    for (const [questionId, now] of Object.entries(round.questions)) {
      const previous = ordered
        .slice(0, index)
        .reverse()
        .find((earlier) => earlier.questions[questionId] !== undefined);
      if (!previous) continue;
      const before = previous.questions[questionId]!;
      if (now.n < parameters.minimumAnswers || before.n < parameters.minimumAnswers) continue;
      const comparison = compareMeans(now, before);
      if (comparison.p === null || comparison.difference >= 0 || comparison.p >= parameters.alpha) continue;
      const next = ordered.slice(index + 1).find((later) => later.questions[questionId] !== undefined);
      warnings.push({
        key: `TRUST_DROP:${round.kommune}:${round.measurementId}:${questionId}`,
        code: 'TRUST_DROP',
        kommune: round.kommune,
        department: null,
        series: questionId,
        method: 'welch_t',
        parameters: { alpha: parameters.alpha, minimumAnswers: parameters.minimumAnswers, sides: 'two-sided', fires: 'on a fall' },
        firedAt: round.closedAt,
        clearedAt: next?.closedAt ?? null,
        details: {
          role: 'citizen',
          measurementId: round.measurementId,
          previousMeasurementId: previous.measurementId,
          previousClosedAt: previous.closedAt,
          mean: now.mean,
          previousMean: before.mean,
          n: now.n,
          previousN: before.n,
          sd: now.sd,
          previousSd: before.sd,
          difference: comparison.difference,
          ci95: comparison.ci95,
          p: comparison.p,
        },
      });
    }
  });
  return warnings;
}
