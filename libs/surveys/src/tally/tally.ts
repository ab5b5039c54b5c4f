import type { Department } from '@tillidsbarometer/domain';
import {
  answerKey,
  RESPONDENT_ROLES,
  type Answer,
  type AnswerKey,
  type RespondentRole,
  type TimingCategory,
} from '../question-bank/question-bank';

/**
 * One response as it is stored: the respondent's role (from the token), the department they chose (staff; null
 * when not given), the answers and the timing category. Nothing else: no token, no time, no order.
 */
export interface StoredResponse {
  role: RespondentRole;
  department: Department | null;
  answers: Record<string, Answer>;
  timing: TimingCategory | null;
}

/** The sufficient statistics of one role and department: everything the results need, no response rows. */
export interface TallyCell {
  role: RespondentRole;
  /** null: not given (citizens are not asked). */
  department: Department | null;
  /** How many responded. */
  responses: number;
  /** Per question, how many gave each answer (0-3 codes and the two non-responses as keys). */
  answers: Record<string, Partial<Record<AnswerKey, number>>>;
  /** How many chose each timing category. */
  timing: Partial<Record<TimingCategory, number>>;
}

/**
 * A round's tally: counts per role × department × question × answer, and timing counts per role × department.
 * Carried by MeasurementClosed, so that other services compute results (and warnings) without any response row.
 * Cells are kept in a fixed order (role, then department), so equal tallies are equal JSON.
 */
export interface Tally {
  cells: TallyCell[];
}

export function emptyTally(): Tally {
  return { cells: [] };
}

/** The tally with `responses` added (a new object; the input is not changed). */
export function addResponses(tally: Tally, responses: readonly StoredResponse[]): Tally {
  const cells = new Map(tally.cells.map((cell) => [cellKey(cell.role, cell.department), cloneCell(cell)]));
  for (const response of responses) {
    const key = cellKey(response.role, response.department);
    let cell = cells.get(key);
    if (!cell) {
      cell = { role: response.role, department: response.department, responses: 0, answers: {}, timing: {} };
      cells.set(key, cell);
    }
    cell.responses += 1;
    for (const [questionId, answer] of Object.entries(response.answers)) {
      const counts = (cell.answers[questionId] ??= {});
      const keyOfAnswer = answerKey(answer);
      counts[keyOfAnswer] = (counts[keyOfAnswer] ?? 0) + 1;
    }
    if (response.timing !== null) cell.timing[response.timing] = (cell.timing[response.timing] ?? 0) + 1;
  }
  return { cells: [...cells.values()].sort(compareCells) };
}

/** The cells of one role, optionally of one department. */
export function cellsOf(tally: Tally, role: RespondentRole, department?: Department | null): TallyCell[] {
  return tally.cells.filter((cell) => cell.role === role && (department === undefined || cell.department === department));
}

/** The number of responses per role (every role of `roles`, 0 when none). */
export function responsesPerRole(tally: Tally, roles: readonly RespondentRole[], department?: Department): Record<string, number> {
  return Object.fromEntries(roles.map((role) => [role, cellsOf(tally, role, department).reduce((sum, cell) => sum + cell.responses, 0)]));
}

function cellKey(role: RespondentRole, department: Department | null): string {
  return `${role}|${department ?? ''}`;
}

function cloneCell(cell: TallyCell): TallyCell {
  return {
    role: cell.role,
    department: cell.department,
    responses: cell.responses,
    answers: Object.fromEntries(Object.entries(cell.answers).map(([id, counts]) => [id, { ...counts }])),
    timing: { ...cell.timing },
  };
}

function compareCells(a: TallyCell, b: TallyCell): number {
  const byRole = RESPONDENT_ROLES.indexOf(a.role) - RESPONDENT_ROLES.indexOf(b.role);
  return byRole !== 0 ? byRole : (a.department ?? '').localeCompare(b.department ?? '');
}
