import type { Department } from '@tillidsbarometer/domain';
import type { Answer, RespondentRole, TimingCategory } from '../question-bank/question-bank';
import { addResponses, emptyTally, type StoredResponse, type Tally } from '../tally/tally';

/** Counts per answer, as tests write them: {3: 2, 2: 3, ved_ikke: 1}. */
export type Counts = Partial<Record<'0' | '1' | '2' | '3' | 'ved_ikke' | 'naegter_at_svare', number>>;

/** `count` responses of a role (and department) per answer of one question: one answer each, in the order given. */
export function responsesFor(
  role: RespondentRole,
  perQuestion: Record<string, Counts>,
  options: { department?: Department; timing?: Partial<Record<TimingCategory, number>> } = {},
): StoredResponse[] {
  const answerLists = Object.entries(perQuestion).map(([questionId, counts]) => [questionId, expand(counts)] as const);
  const timing = Object.entries(options.timing ?? {}).flatMap(([category, count]) =>
    Array<TimingCategory>(count).fill(category as TimingCategory),
  );
  const size = Math.max(timing.length, ...answerLists.map(([, list]) => list.length));
  return Array.from({ length: size }, (_, index) => ({
    role,
    department: options.department ?? null,
    answers: Object.fromEntries(answerLists.filter(([, list]) => index < list.length).map(([id, list]) => [id, list[index]!])),
    timing: timing[index] ?? null,
  }));
}

export function tallyOf(...groups: StoredResponse[][]): Tally {
  return addResponses(emptyTally(), groups.flat());
}

function expand(counts: Counts): Answer[] {
  return Object.entries(counts).flatMap(([key, count]) =>
    Array<Answer>(count ?? 0).fill(/^\d$/.test(key) ? (Number(key) as Answer) : (key as Answer)),
  );
}
