import { isAskedOf, questionById, TIMING_QUESTION, type Question, type RespondentRole } from '../question-bank/question-bank';

/** What a round asks: of which roles, which questions (scored ones and, optionally, the timing question). */
export interface RoundDefinition {
  roles: readonly RespondentRole[];
  questionIds: readonly string[];
}

/** The scored questions the round asks `role`, in the bank's order of the round's list. */
export function scoredQuestionsFor(round: RoundDefinition, role: RespondentRole): Question[] {
  if (!round.roles.includes(role)) return [];
  return round.questionIds
    .map((id) => questionById(id))
    .filter((question): question is Question => question !== undefined && isAskedOf(question, role));
}

export function asksTiming(round: RoundDefinition, role?: RespondentRole): boolean {
  return round.questionIds.includes(TIMING_QUESTION.id) && (role === undefined || round.roles.includes(role));
}

/** Whether the round asks `role` the scored question `questionId`. */
export function asksQuestion(round: RoundDefinition, role: RespondentRole, questionId: string): boolean {
  const question = questionById(questionId);
  return question !== undefined && round.roles.includes(role) && round.questionIds.includes(questionId) && isAskedOf(question, role);
}
