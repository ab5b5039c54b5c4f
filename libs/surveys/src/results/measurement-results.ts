import { DEPARTMENTS, type Department } from '@tillidsbarometer/domain';
import {
  QUESTIONS,
  TIMING_CATEGORIES,
  TIMING_QUESTION,
  type AnswerKey,
  type RespondentRole,
  type TimingCategory,
} from '../question-bank/question-bank';
import { asksQuestion, asksTiming, scoredQuestionsFor, type RoundDefinition } from '../measurement/round';
import { cellsOf, responsesPerRole, type Tally } from '../tally/tally';
import { compareMeans, summariseAnswers, timingShares, type AnswerSummary, type MeanComparison, type TimingShares } from './answer-summary';
import { disclosableParts } from './disclosure-control';

/** DOMAIN.md: the common threshold of survey tools. */
export const MINIMUM_ANSWERS = 5;
export const SIGNIFICANCE_LEVEL = 0.05;

export type MeasurementStatus = 'scheduled' | 'open' | 'closed';
export type Suppressed = { suppressed: true };

/** Gaps are leader minus other group (VIVE: the leaders are the benchmark). */
export const GAP_PAIRS = {
  'L-B': ['leader', 'citizen'],
  'S-B': ['caseworker', 'citizen'],
  'L-S': ['leader', 'caseworker'],
} as const satisfies Record<string, readonly [RespondentRole, RespondentRole]>;
export type GapPair = keyof typeof GAP_PAIRS;

export interface Change extends MeanComparison {
  /** p < 0.05 (null when p is undefined). */
  significant: boolean | null;
}

export type PreviousFigure =
  | { measurementId: string; closedAt: string; n: number; mean: number; sd: number; ci95: [number, number]; change: Change }
  | { measurementId: string; closedAt: string; suppressed: true };

export interface QuestionCell {
  n: number;
  mean: number;
  sd: number;
  ci95: [number, number];
  distribution: Record<AnswerKey, number>;
  /** VIVE 2020's national mean for the role. */
  baseline2020: number | null;
  /** A low score is the positive one here; the mean is reported as answered. */
  reverseCoded: boolean;
  /** The same figure in the latest earlier closed round of the kommune that asked it; null when there is none. */
  previous: PreviousFigure | null;
}

export interface GapCell {
  difference: number;
  ci95: [number, number] | null;
  p: number | null;
  /** The same gap in VIVE 2020's national means. */
  baseline2020: number | null;
}

export type TimingCell = TimingShares & {
  baseline2020: Record<TimingCategory, number>;
  previous: ({ measurementId: string; closedAt: string } & (TimingShares | Suppressed)) | null;
};

export interface MeasurementResults {
  id: string;
  status: MeasurementStatus;
  filter: { department: Department | null; role: RespondentRole | null };
  /** Responses per role (in the filter's department). */
  responses: Record<string, number>;
  /** The questions of the round whose scale is reversed (a low score is positive). */
  reverseCoded: string[];
  questions: Record<string, Record<string, QuestionCell | Suppressed>>;
  gaps: Record<string, Partial<Record<GapPair, GapCell | Suppressed>>>;
  timing: Record<string, TimingCell | Suppressed>;
  /** Why the figures are empty, while the round is not closed. */
  note?: string;
}

export interface ClosedRound {
  id: string;
  closedAt: string;
  round: RoundDefinition;
  tally: Tally;
}

export interface ResultsInput {
  id: string;
  status: MeasurementStatus;
  round: RoundDefinition;
  tally: Tally;
  filter?: { department?: Department; role?: RespondentRole };
  /** The kommune's closed rounds that closed before this one, newest first. */
  earlierRounds?: readonly ClosedRound[];
  minimumAnswers?: number;
}

export const NOT_CLOSED_NOTE =
  'Figures are shown when the round has closed: figures that grow while it is open would let a reader subtract one look from the next and see the answers of the few who answered in between.';

/**
 * CONTRACT.md section 7, from sufficient statistics only. Every cell from fewer than `minimumAnswers` answers is
 * `{suppressed: true}`, and a department filter shows only what `disclosableParts` allows, so that no combination
 * of filters reveals fewer answers than that.
 */
export function measurementResults(input: ResultsInput): MeasurementResults {
  const minimum = input.minimumAnswers ?? MINIMUM_ANSWERS;
  const department = input.filter?.department;
  const roles = input.round.roles.filter((role) => input.filter?.role === undefined || role === input.filter.role);
  const results: MeasurementResults = {
    id: input.id,
    status: input.status,
    filter: { department: department ?? null, role: input.filter?.role ?? null },
    responses: responsesPerRole(input.tally, roles, department),
    reverseCoded: QUESTIONS.filter((q) => q.reverseCoded && input.round.questionIds.includes(q.id)).map((q) => q.id),
    questions: {},
    gaps: {},
    timing: {},
  };
  if (input.status !== 'closed') return { ...results, note: NOT_CLOSED_NOTE };

  const view = (tally: Tally, round: RoundDefinition) => new View(tally, round, department, minimum);
  const current = view(input.tally, input.round);
  const earlier = (input.earlierRounds ?? []).map((closed) => ({ closed, view: view(closed.tally, closed.round) }));

  for (const role of roles) {
    for (const question of scoredQuestionsFor(input.round, role)) {
      const summary = current.question(role, question.id);
      const cells = (results.questions[question.id] ??= {});
      if (!summary) {
        cells[role] = { suppressed: true };
        continue;
      }
      const before = earlier.find(({ closed }) => asksQuestion(closed.round, role, question.id));
      cells[role] = {
        ...released(summary),
        baseline2020: question.baseline2020[role],
        reverseCoded: question.reverseCoded,
        previous: before ? previousFigure(before.closed, before.view.question(role, question.id), summary) : null,
      };
    }
    if (asksTiming(input.round, role)) {
      const shares = current.timing(role);
      if (!shares) {
        results.timing[role] = { suppressed: true };
      } else {
        const before = earlier.find(({ closed }) => asksTiming(closed.round, role));
        const previousShares = before?.view.timing(role);
        results.timing[role] = {
          ...shares,
          baseline2020: Object.fromEntries(
            TIMING_CATEGORIES.map((category, index) => [category, TIMING_QUESTION.baseline2020Shares[role][index]!]),
          ) as Record<TimingCategory, number>,
          previous: before
            ? { measurementId: before.closed.id, closedAt: before.closed.closedAt, ...(previousShares ?? { suppressed: true as const }) }
            : null,
        };
      }
    }
  }

  for (const question of QUESTIONS.filter((q) => input.round.questionIds.includes(q.id))) {
    for (const [pair, [a, b]] of Object.entries(GAP_PAIRS) as Array<[GapPair, readonly [RespondentRole, RespondentRole]]>) {
      if (!roles.includes(a) && !roles.includes(b)) continue;
      if (!asksQuestion(input.round, a, question.id) || !asksQuestion(input.round, b, question.id)) continue;
      const first = current.question(a, question.id);
      const second = current.question(b, question.id);
      const gaps = (results.gaps[question.id] ??= {});
      if (!first || !second) {
        gaps[pair] = { suppressed: true };
        continue;
      }
      const baseA = question.baseline2020[a];
      const baseB = question.baseline2020[b];
      gaps[pair] = {
        ...compareMeans(first, second),
        // The baselines are published to one decimal: so is their difference (0.9, not 0.9000000000000001).
        baseline2020: baseA === null || baseB === null ? null : Math.round((baseA - baseB) * 10) / 10,
      };
    }
  }
  return results;
}

function released(summary: AnswerSummary): Pick<QuestionCell, 'n' | 'mean' | 'sd' | 'ci95' | 'distribution'> {
  return { n: summary.n, mean: summary.mean!, sd: summary.sd!, ci95: summary.ci95!, distribution: summary.distribution };
}

function previousFigure(closed: ClosedRound, before: AnswerSummary | undefined, now: AnswerSummary): PreviousFigure {
  if (!before) return { measurementId: closed.id, closedAt: closed.closedAt, suppressed: true };
  const change = compareMeans(now, before);
  return {
    measurementId: closed.id,
    closedAt: closed.closedAt,
    ...released(before),
    change: { ...change, significant: change.p === null ? null : change.p < SIGNIFICANCE_LEVEL },
  } as PreviousFigure;
}

/**
 * The figures of one round as a filter shows them: the whole kommune, or one department under the rule of
 * `disclosableParts` applied three times — to the respondents of each role (so that a distribution, whose
 * non-responses count too, never leaves a rest of 1-4 people), then within the departments that passed, to each
 * question's answers and to the timing answers. Undefined means suppressed.
 */
class View {
  private readonly departmentsShown = new Map<RespondentRole, Set<string>>();

  constructor(
    private readonly tally: Tally,
    private readonly round: RoundDefinition,
    private readonly department: Department | undefined,
    private readonly minimum: number,
  ) {}

  question(role: RespondentRole, questionId: string): AnswerSummary | undefined {
    const count = (cell: { answers: Tally['cells'][number]['answers'] }) => summariseAnswers(cell.answers[questionId] ?? {}).n;
    if (!this.disclosable(role, count)) return undefined;
    const counts: Partial<Record<AnswerKey, number>> = {};
    for (const cell of this.cellsInView(role)) {
      for (const [key, value] of Object.entries(cell.answers[questionId] ?? {})) {
        counts[key as AnswerKey] = (counts[key as AnswerKey] ?? 0) + value;
      }
    }
    const summary = summariseAnswers(counts);
    return summary.n >= this.minimum ? summary : undefined;
  }

  timing(role: RespondentRole): TimingShares | undefined {
    if (!asksTiming(this.round, role)) return undefined;
    const count = (cell: { timing: Tally['cells'][number]['timing'] }) =>
      TIMING_CATEGORIES.reduce((sum, category) => sum + (cell.timing[category] ?? 0), 0);
    if (!this.disclosable(role, count)) return undefined;
    const counts: Partial<Record<TimingCategory, number>> = {};
    for (const cell of this.cellsInView(role)) {
      for (const category of TIMING_CATEGORIES) counts[category] = (counts[category] ?? 0) + (cell.timing[category] ?? 0);
    }
    const shares = timingShares(counts);
    return shares.n >= this.minimum ? shares : undefined;
  }

  private cellsInView(role: RespondentRole) {
    return cellsOf(this.tally, role, this.department);
  }

  /** Whole kommune: always (the threshold is applied to the figure). One department: the two-level rule. */
  private disclosable(role: RespondentRole, count: (cell: Tally['cells'][number]) => number): boolean {
    if (this.department === undefined) return true;
    const respondentsShown = this.respondentsShown(role);
    if (!respondentsShown.has(this.department)) return false;
    const cells = cellsOf(this.tally, role);
    const parts = new Map<string, number>();
    for (const department of respondentsShown) {
      parts.set(
        department,
        cells.filter((cell) => cell.department === department).reduce((sum, cell) => sum + count(cell), 0),
      );
    }
    const total = cells.reduce((sum, cell) => sum + count(cell), 0);
    return disclosableParts(total, parts, this.minimum).has(this.department);
  }

  private respondentsShown(role: RespondentRole): Set<string> {
    let shown = this.departmentsShown.get(role);
    if (!shown) {
      const cells = cellsOf(this.tally, role);
      const parts = new Map<string, number>(
        DEPARTMENTS.map((department) => [
          department,
          cells.filter((cell) => cell.department === department).reduce((sum, cell) => sum + cell.responses, 0),
        ]),
      );
      const total = cells.reduce((sum, cell) => sum + cell.responses, 0);
      shown = disclosableParts(total, parts, this.minimum);
      this.departmentsShown.set(role, shown);
    }
    return shown;
  }
}

/** One question's answers of one role over the whole kommune (every department), unsuppressed: for consumers that apply their own threshold. */
export function questionSummary(tally: Tally, role: RespondentRole, questionId: string): AnswerSummary {
  const counts: Partial<Record<AnswerKey, number>> = {};
  for (const cell of cellsOf(tally, role)) {
    for (const [key, value] of Object.entries(cell.answers[questionId] ?? {}))
      counts[key as AnswerKey] = (counts[key as AnswerKey] ?? 0) + value;
  }
  return summariseAnswers(counts);
}
