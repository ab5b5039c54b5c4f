import { ALL_QUESTION_IDS, QUESTIONS, type Answer, type RespondentRole } from '@tillidsbarometer/surveys';
import type { Answer as HttpAnswer, Product } from '../support/product';

/** Every scored question of `questionIds` asked of `role`, answered `value`. */
export function answersFor(
  role: RespondentRole,
  value: Answer | ((questionId: string) => Answer),
  questionIds: readonly string[] = ALL_QUESTION_IDS,
) {
  return Object.fromEntries(
    QUESTIONS.filter((q) => questionIds.includes(q.id) && q.wording[role] !== null).map((q) => [
      q.id,
      typeof value === 'function' ? value(q.id) : value,
    ]),
  );
}

export interface CreatedRound {
  id: string;
  tokens: Partial<Record<RespondentRole, string[]>>;
}

export async function createRound(product: Product, leader: string, body: Record<string, unknown>, kommune = '101'): Promise<CreatedRound> {
  const answer = await product.request('POST', `/api/v1/kommuner/${kommune}/measurements`, { token: leader, body });
  if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${answer.text}`);
  return answer.body as CreatedRound;
}

export function respond(product: Product, id: string, body: Record<string, unknown>): Promise<HttpAnswer> {
  return product.request('POST', `/api/v1/measurements/${id}/responses`, { body });
}

/** Polls until `check` holds (the keeper works on its own tick). */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000).toISOString();
