import { DEPARTMENTS, type Department } from '@tillidsbarometer/domain';
import fc from 'fast-check';
import {
  ALL_QUESTION_IDS,
  ANSWER_KEYS,
  RESPONDENT_ROLES,
  TIMING_CATEGORIES,
  type Answer,
  type TimingCategory,
} from '../question-bank/question-bank';
import { addResponses, emptyTally, type StoredResponse } from '../tally/tally';
import { responsesFor, tallyOf } from '../testing/tally-builder';
import { disclosableParts } from './disclosure-control';
import { measurementResults, type QuestionCell, type TimingCell } from './measurement-results';

const round = { roles: [...RESPONDENT_ROLES], questionIds: [...ALL_QUESTION_IDS] };

describe('disclosableParts (complementary suppression)', () => {
  it('shows parts of at least 5 when the rest is 0 or at least 5', () => {
    expect(
      disclosableParts(
        20,
        new Map([
          ['a', 6],
          ['b', 5],
          ['c', 9],
        ]),
        5,
      ),
    ).toEqual(new Set(['a', 'b', 'c']));
    expect(
      disclosableParts(
        17,
        new Map([
          ['a', 6],
          ['b', 5],
          ['c', 1],
        ]),
        5,
      ),
    ).toEqual(new Set(['a', 'b'])); // rest 1 + 5 = 6
  });

  it('withholds the smallest part shown when the rest would be 1-4, so that whole minus parts never isolates them', () => {
    // 6 + 5 shown, rest 2: the whole (13) minus both would give the 2. Withholding b leaves a rest of 7.
    expect(
      disclosableParts(
        13,
        new Map([
          ['a', 6],
          ['b', 5],
          ['c', 2],
        ]),
        5,
      ),
    ).toEqual(new Set(['a']));
    // ties: the first by name is withheld
    expect(
      disclosableParts(
        14,
        new Map([
          ['b', 6],
          ['a', 6],
          ['c', 2],
        ]),
        5,
      ),
    ).toEqual(new Set(['b']));
  });

  it('shows no part below the minimum and nothing at all from a whole below it', () => {
    expect(disclosableParts(4, new Map([['a', 4]]), 5)).toEqual(new Set());
    // b alone has 5, but 9 − 5 would show a's 4: b is withheld too.
    expect(
      disclosableParts(
        9,
        new Map([
          ['a', 4],
          ['b', 5],
        ]),
        5,
      ),
    ).toEqual(new Set());
  });
});

describe('department and role filters on results', () => {
  // Caseworkers: 6 in adult_disability, 5 in jobcenter, 2 in health (13). Leaders: 5 in jobcenter, none elsewhere.
  const tally = tallyOf(
    responsesFor('caseworker', { influence: { '3': 3, '2': 3 } }, { department: 'adult_disability' }),
    responsesFor('caseworker', { influence: { '2': 5 } }, { department: 'jobcenter' }),
    responsesFor('caseworker', { influence: { '0': 2 } }, { department: 'health' }),
    responsesFor('leader', { influence: { '3': 5 } }, { department: 'jobcenter' }),
  );
  const results = (department?: Department) => measurementResults({ id: 'm', status: 'closed', round, tally, filter: { department } });

  it('withholds the jobcenter figure although it has 5 answers: with the whole and adult_disability shown it would reveal health’s 2', () => {
    expect((results().questions['influence']!['caseworker'] as QuestionCell).n).toBe(13);
    expect((results('adult_disability').questions['influence']!['caseworker'] as QuestionCell).n).toBe(6);
    expect(results('jobcenter').questions['influence']!['caseworker']).toEqual({ suppressed: true });
    expect(results('health').questions['influence']!['caseworker']).toEqual({ suppressed: true });
  });

  it('shows a department that is the whole role (nothing left to subtract), and gaps only from shown cells', () => {
    expect((results('jobcenter').questions['influence']!['leader'] as QuestionCell).n).toBe(5);
    expect(results('jobcenter').gaps['influence']!['L-S']).toEqual({ suppressed: true });
    expect(results('adult_disability').questions['influence']!['leader']).toEqual({ suppressed: true });
  });
});

/**
 * The property: whatever a reader asks for — the whole kommune and any department, for any role — no sum they can
 * form by subtracting shown figures (the whole minus any set of shown departments) holds 1 to 4 answers, counted as
 * answers on the scale (n, the mean's base), as answers of any kind (the distribution) or as timing answers.
 */
describe('no combination of filters reveals fewer than 5 answers', () => {
  const departmentOrNone = fc.constantFrom<Department | null>(...DEPARTMENTS, null);
  const answer = fc.constantFrom<Answer>(3, 2, 1, 0, 'ved_ikke', 'naegter_at_svare');
  const response = fc.record({
    department: departmentOrNone,
    answer,
    timing: fc.option(fc.constantFrom<TimingCategory>(...TIMING_CATEGORIES), { nil: null }),
  });

  it('holds for random tallies', () => {
    fc.assert(
      fc.property(fc.array(response, { maxLength: 60 }), (drawn) => {
        const responses: StoredResponse[] = drawn.map((r) => ({
          role: 'caseworker',
          department: r.department,
          answers: { influence: r.answer },
          timing: r.timing,
        }));
        const tally = addResponses(emptyTally(), responses);
        const views = [undefined, ...DEPARTMENTS].map((department) => ({
          department,
          results: measurementResults({ id: 'm', status: 'closed', round, tally, filter: { department } }),
        }));
        const whole = views[0]!.results;
        const shown = views.slice(1);
        const wholeCell = whole.questions['influence']!['caseworker'];
        if (wholeCell && !('suppressed' in wholeCell)) {
          const parts = shown
            .map((v) => v.results.questions['influence']!['caseworker']!)
            .filter((c): c is QuestionCell => !('suppressed' in c));
          for (const subset of subsets(parts)) {
            const restAll = ANSWER_KEYS.reduce(
              (sum, key) => sum + wholeCell.distribution[key] - subset.reduce((s, c) => s + c.distribution[key], 0),
              0,
            );
            const restN = wholeCell.n - subset.reduce((s, c) => s + c.n, 0);
            expect([restAll, restN].filter((rest) => rest > 0 && rest < 5)).toEqual([]);
          }
        }
        const wholeTiming = whole.timing['caseworker'];
        if (wholeTiming && !('suppressed' in wholeTiming)) {
          const parts = shown.map((v) => v.results.timing['caseworker']!).filter((c): c is TimingCell => !('suppressed' in c));
          for (const subset of subsets(parts)) {
            const rest = wholeTiming.n - subset.reduce((s, c) => s + c.n, 0);
            expect(rest > 0 && rest < 5).toBe(false);
          }
        }
        for (const view of views) {
          const cell = view.results.questions['influence']!['caseworker']!;
          if (!('suppressed' in cell)) expect(cell.n).toBeGreaterThanOrEqual(5);
        }
      }),
      { numRuns: 400 },
    );
  });
});

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((subset) => [...subset, item])], [[]]);
}
