import bank from '../../data/vive-2020-question-bank.json';

/**
 * VIVE's 2020 question bank (data/vive-2020-question-bank.json, copied from ../shared/data): the 13 scored
 * questions with the exact Danish wording per role, the 0-3 coding, the reverse-coded turnover item, the
 * categorical timing question and the national 2020 means. Repeated rounds must keep wording and scale fixed
 * (DOMAIN.md), so the wording is only ever read from here.
 */

/** Who answers: citizens (borgere, B), caseworkers (sagsbehandlere, S), leaders (ledere, L). */
export const RESPONDENT_ROLES = ['citizen', 'caseworker', 'leader'] as const;
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];

/** I høj grad = 3, I nogen grad = 2, I mindre grad = 1, Slet ikke = 0. */
export const ANSWER_CODES = [3, 2, 1, 0] as const;
export type AnswerCode = (typeof ANSWER_CODES)[number];

/** Kept apart: they count in the distribution, never in n or the mean. */
export const NON_RESPONSES = ['ved_ikke', 'naegter_at_svare'] as const;
export type NonResponse = (typeof NON_RESPONSES)[number];

export type Answer = AnswerCode | NonResponse;
/** Every answer as a distribution key, in the order pages and CSV files show them. */
export const ANSWER_KEYS = ['3', '2', '1', '0', 'ved_ikke', 'naegter_at_svare'] as const;
export type AnswerKey = (typeof ANSWER_KEYS)[number];

export const TIMING_CATEGORIES = ['i_rette_tid', 'noget_sent', 'saa_sent_at_det_gav_problemer'] as const;
export type TimingCategory = (typeof TIMING_CATEGORIES)[number];

export interface Question {
  id: string;
  theme: string;
  /** A short Danish label of what the question is about. */
  label: string;
  /** A low score is the positive one (many changing caseworkers): reported as answered, and marked. */
  reverseCoded: boolean;
  /** The exact wording per role; null where VIVE did not ask that role. */
  wording: Record<RespondentRole, string | null>;
  /** VIVE's national means of 2020 per role, on the 0-3 scale; null where the role was not asked. */
  baseline2020: Record<RespondentRole, number | null>;
}

export interface TimingQuestion {
  id: string;
  label: string;
  wording: Record<RespondentRole, string>;
  categories: readonly TimingCategory[];
  /** VIVE 2020's shares per role, in the order of `categories`. */
  baseline2020Shares: Record<RespondentRole, [number, number, number]>;
}

export const QUESTIONS: readonly Question[] = Object.freeze(
  bank.items.map((item) =>
    Object.freeze({
      id: item.id,
      theme: item.theme,
      label: item.label,
      reverseCoded: item.reverseCoded,
      wording: { ...item.wording },
      baseline2020: { ...item.baseline2020 },
    }),
  ),
);

export const TIMING_QUESTION: TimingQuestion = Object.freeze({
  id: bank.timing.id,
  label: bank.timing.label,
  wording: { ...bank.timing.wording },
  categories: TIMING_CATEGORIES,
  baseline2020Shares: bank.timing.baseline2020Shares as Record<RespondentRole, [number, number, number]>,
});

/** The 13 scored questions' ids, in the bank's order. */
export const SCORED_QUESTION_IDS: readonly string[] = Object.freeze(QUESTIONS.map((question) => question.id));
/** Every id a round may ask: the 13 scored questions and the timing question (the default of a new round). */
export const ALL_QUESTION_IDS: readonly string[] = Object.freeze([...SCORED_QUESTION_IDS, TIMING_QUESTION.id]);

/** The departments ("indgange") with the Danish names the bank gives them. */
export const DEPARTMENT_NAMES: Readonly<Record<string, string>> = Object.freeze({ ...bank.departments });

const byId = new Map(QUESTIONS.map((question) => [question.id, question]));

export function questionById(id: string): Question | undefined {
  return byId.get(id);
}

export function isRespondentRole(value: unknown): value is RespondentRole {
  return typeof value === 'string' && (RESPONDENT_ROLES as readonly string[]).includes(value);
}

export function isTimingCategory(value: unknown): value is TimingCategory {
  return typeof value === 'string' && (TIMING_CATEGORIES as readonly string[]).includes(value);
}

/** Whether VIVE asks `role` this question (two questions are for staff only). */
export function isAskedOf(question: Question, role: RespondentRole): boolean {
  return question.wording[role] !== null;
}

/** The answer key of an answer (`3`, `ved_ikke`, ...), for distributions. */
export function answerKey(answer: Answer): AnswerKey {
  return String(answer) as AnswerKey;
}

/** Whether a value is one of 0, 1, 2, 3, "ved_ikke", "naegter_at_svare" (exactly: no "2" for 2). */
export function isAnswer(value: unknown): value is Answer {
  return (
    (typeof value === 'number' && (ANSWER_CODES as readonly number[]).includes(value)) ||
    (NON_RESPONSES as readonly unknown[]).includes(value)
  );
}
