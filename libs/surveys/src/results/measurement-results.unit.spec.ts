import { ALL_QUESTION_IDS, QUESTIONS, RESPONDENT_ROLES, SCORED_QUESTION_IDS } from '../question-bank/question-bank';
import { responsesFor, tallyOf, type Counts } from '../testing/tally-builder';
import { summariseAnswers } from './answer-summary';
import { measurementResults, NOT_CLOSED_NOTE, type GapCell, type QuestionCell, type TimingCell } from './measurement-results';

const allRoles = { roles: [...RESPONDENT_ROLES], questionIds: [...ALL_QUESTION_IDS] };

/*
 * Known distributions on help_needed, worked by hand (and checked against scipy 1.17: numpy std(ddof=1),
 * stats.t.ppf, stats.ttest_ind(equal_var=False)).
 *
 * Citizens  {3: 2, 2: 3, 1: 3, 0: 2, ved_ikke: 1, naegter_at_svare: 1}: n = 10 (the two non-responses are not
 *   counted), sum = 6 + 6 + 3 = 15, mean 1.5; squares 2·1.5² + 3·0.5² + 3·0.5² + 2·1.5² = 10.5, sd = √(10.5/9) =
 *   1.0801234; SE = sd/√10 = 0.3415650; t(0.975, 9) = 2.2621572; 95 % CI 1.5 ± 0.772674 = [0.727326, 2.272674].
 * Caseworkers {3: 3, 2: 6, 1: 1}: n = 10, mean 22/10 = 2.2; squares 3·0.64 + 6·0.04 + 1.44 = 3.6, sd = √0.4 =
 *   0.6324555, SE = 0.2, CI 2.2 ± 0.452431 = [1.747569, 2.652431].
 * Leaders {3: 6, 2: 4}: n = 10, mean 2.6; squares 6·0.16 + 4·0.36 = 2.4, sd = √(2.4/9) = 0.5163978, SE = 0.1632993,
 *   CI 2.6 ± 0.369409 = [2.230591, 2.969409].
 * L-B: 2.6 − 1.5 = 1.1; s²/n = 0.0266667 + 0.1166667 = 0.1433333, SE = 0.3785939, t = 2.905488,
 *   df = 0.1433333² / (0.0266667²/9 + 0.1166667²/9) = 12.910008, p = 0.012353, CI 1.1 ± 2.161900·SE = [0.281518, 1.918482].
 * S-B: 0.7; s²/n = 0.04 + 0.1166667, SE = 0.3958114, t = 1.768519, df = 14.522279, p = 0.097967,
 *   CI [-0.146076, 1.546076].
 * L-S: 0.4; s²/n = 0.0266667 + 0.04, SE = 0.2581989, t = 1.549193, df = 17.307692, p = 0.139426, CI [-0.144015, 0.944015].
 */
const citizens: Counts = { '3': 2, '2': 3, '1': 3, '0': 2, ved_ikke: 1, naegter_at_svare: 1 };
const caseworkers: Counts = { '3': 3, '2': 6, '1': 1 };
const leaders: Counts = { '3': 6, '2': 4 };

const knownTally = () =>
  tallyOf(
    responsesFor('citizen', { help_needed: citizens }, { timing: { i_rette_tid: 6, noget_sent: 3, saa_sent_at_det_gav_problemer: 3 } }),
    responsesFor(
      'caseworker',
      { help_needed: caseworkers },
      { department: 'adult_disability', timing: { i_rette_tid: 4, noget_sent: 5, saa_sent_at_det_gav_problemer: 1 } },
    ),
    responsesFor('leader', { help_needed: leaders }, { department: 'adult_disability', timing: { i_rette_tid: 2, noget_sent: 2 } }),
  );

describe('measurement results from a tally', () => {
  const results = measurementResults({ id: 'm1', status: 'closed', round: allRoles, tally: knownTally() });
  const cell = (role: string) => results.questions['help_needed']![role] as QuestionCell;
  const gap = (pair: 'L-B' | 'S-B' | 'L-S') => results.gaps['help_needed']![pair] as GapCell;

  it('gives n, mean, sample sd and the Student-t interval per role, worked by hand', () => {
    expect(cell('citizen').n).toBe(10);
    expect(cell('citizen').mean).toBeCloseTo(1.5, 12);
    expect(cell('citizen').sd).toBeCloseTo(1.0801234, 7);
    expect(cell('citizen').ci95[0]).toBeCloseTo(0.727326, 6);
    expect(cell('citizen').ci95[1]).toBeCloseTo(2.272674, 6);
    expect(cell('caseworker').mean).toBeCloseTo(2.2, 12);
    expect(cell('caseworker').sd).toBeCloseTo(0.6324555, 7);
    expect(cell('caseworker').ci95[0]).toBeCloseTo(1.747569, 6);
    expect(cell('caseworker').ci95[1]).toBeCloseTo(2.652431, 6);
    expect(cell('leader').mean).toBeCloseTo(2.6, 12);
    expect(cell('leader').sd).toBeCloseTo(0.5163978, 7);
    expect(cell('leader').ci95[0]).toBeCloseTo(2.230591, 6);
    expect(cell('leader').ci95[1]).toBeCloseTo(2.969409, 6);
  });

  it('keeps "ved ikke" and "nægter at svare" in the distribution but out of n and the mean', () => {
    expect(cell('citizen').distribution).toEqual({ '3': 2, '2': 3, '1': 3, '0': 2, ved_ikke: 1, naegter_at_svare: 1 });
    expect(results.responses).toEqual({ citizen: 12, caseworker: 10, leader: 10 });
  });

  it('gives the gaps leader minus citizen, caseworker minus citizen, leader minus caseworker with Welch', () => {
    expect(gap('L-B').difference).toBeCloseTo(1.1, 12);
    expect(gap('L-B').p).toBeCloseTo(0.012353, 6);
    expect(gap('L-B').ci95![0]).toBeCloseTo(0.281518, 6);
    expect(gap('L-B').ci95![1]).toBeCloseTo(1.918482, 6);
    expect(gap('S-B').difference).toBeCloseTo(0.7, 12);
    expect(gap('S-B').p).toBeCloseTo(0.097967, 6);
    expect(gap('S-B').ci95![0]).toBeCloseTo(-0.146076, 6);
    expect(gap('S-B').ci95![1]).toBeCloseTo(1.546076, 6);
    expect(gap('L-S').difference).toBeCloseTo(0.4, 12);
    expect(gap('L-S').p).toBeCloseTo(0.139426, 6);
    expect(gap('L-S').ci95![0]).toBeCloseTo(-0.144015, 6);
    expect(gap('L-S').ci95![1]).toBeCloseTo(0.944015, 6);
  });

  it('puts the VIVE 2020 figure beside each cell and gap', () => {
    expect(cell('citizen').baseline2020).toBe(1.8);
    expect(cell('caseworker').baseline2020).toBe(2.4);
    expect(cell('leader').baseline2020).toBe(2.7);
    expect(gap('L-B').baseline2020).toBe(0.9);
    expect(gap('S-B').baseline2020).toBe(0.6);
    expect(gap('L-S').baseline2020).toBe(0.3);
    expect((results.timing['citizen'] as TimingCell).baseline2020).toEqual({
      i_rette_tid: 0.48,
      noget_sent: 0.33,
      saa_sent_at_det_gav_problemer: 0.18,
    });
  });

  it('gives timing shares per role of those who answered it, never an average', () => {
    // Citizens 6/3/3 of 12; caseworkers 4/5/1 of 10; leaders 4 answers: fewer than 5, suppressed.
    expect(results.timing['citizen']).toMatchObject({ i_rette_tid: 0.5, noget_sent: 0.25, saa_sent_at_det_gav_problemer: 0.25, n: 12 });
    expect(results.timing['caseworker']).toMatchObject({ i_rette_tid: 0.4, noget_sent: 0.5, saa_sent_at_det_gav_problemer: 0.1, n: 10 });
    expect(results.timing['leader']).toEqual({ suppressed: true });
  });

  it('reports the turnover item as answered and marks it reverse-coded', () => {
    const tally = tallyOf(responsesFor('citizen', { caseworker_turnover: { '3': 4, '2': 1 } }));
    const turnover = measurementResults({ id: 'm', status: 'closed', round: allRoles, tally });
    expect(turnover.reverseCoded).toEqual(['caseworker_turnover']);
    const citizen = turnover.questions['caseworker_turnover']!['citizen'] as QuestionCell;
    expect(citizen.mean).toBeCloseTo(14 / 5, 12); // (4·3 + 2) / 5: the raw codes, not 3 − code
    expect(citizen.reverseCoded).toBe(true);
    expect((results.questions['help_needed']!['citizen'] as QuestionCell).reverseCoded).toBe(false);
  });

  it('shows only that a cell is suppressed when it has fewer than 5 answers, and suppresses the gaps it is part of', () => {
    const tally = tallyOf(
      responsesFor('citizen', { influence: { '1': 3, '0': 1, ved_ikke: 3 } }), // 7 responses, but n = 4
      responsesFor('leader', { influence: { '3': 5 } }),
    );
    const answer = measurementResults({ id: 'm', status: 'closed', round: allRoles, tally });
    expect(answer.questions['influence']!['citizen']).toEqual({ suppressed: true });
    expect(answer.questions['influence']!['caseworker']).toEqual({ suppressed: true });
    expect(answer.questions['influence']!['leader']).toMatchObject({ n: 5, mean: 3, sd: 0 });
    expect(answer.gaps['influence']).toEqual({ 'L-B': { suppressed: true }, 'S-B': { suppressed: true }, 'L-S': { suppressed: true } });
  });

  it('gives a gap with no interval and no p when both sides answered all alike (Welch is undefined there)', () => {
    const tally = tallyOf(responsesFor('citizen', { influence: { '1': 5 } }), responsesFor('leader', { influence: { '3': 5 } }));
    const answer = measurementResults({ id: 'm', status: 'closed', round: allRoles, tally });
    expect(answer.gaps['influence']!['L-B']).toEqual({ difference: 2, ci95: null, p: null, baseline2020: 1.1 });
  });

  it('has no citizen cell or citizen gap for the two staff-only questions', () => {
    expect(Object.keys(results.questions['real_involvement']!)).toEqual(['caseworker', 'leader']);
    expect(Object.keys(results.gaps['real_involvement']!)).toEqual(['L-S']);
  });

  it('shows no figures while the round is not closed', () => {
    const open = measurementResults({ id: 'm1', status: 'open', round: allRoles, tally: knownTally() });
    expect(open).toEqual({
      id: 'm1',
      status: 'open',
      filter: { department: null, role: null },
      responses: { citizen: 12, caseworker: 10, leader: 10 },
      reverseCoded: ['caseworker_turnover'],
      questions: {},
      gaps: {},
      timing: {},
      note: NOT_CLOSED_NOTE,
    });
  });

  it('filters by role: that role’s cells and the gaps that involve it', () => {
    const citizenOnly = measurementResults({
      id: 'm1',
      status: 'closed',
      round: allRoles,
      tally: knownTally(),
      filter: { role: 'citizen' },
    });
    expect(Object.keys(citizenOnly.questions['help_needed']!)).toEqual(['citizen']);
    expect(Object.keys(citizenOnly.gaps['help_needed']!)).toEqual(['L-B', 'S-B']);
    expect(Object.keys(citizenOnly.timing)).toEqual(['citizen']);
    expect(citizenOnly.responses).toEqual({ citizen: 12 });
  });
});

describe('the previous closed round beside each cell', () => {
  /*
   * Round 1 citizens {3: 4, 2: 4, 1: 2}: n = 10, mean 2.2, squares 4·0.64 + 4·0.04 + 2·1.44 = 5.6, sd = √(5.6/9) = 0.7888106.
   * Round 2 citizens {2: 3, 1: 4, 0: 3}: n = 10, mean 1.0, squares 3·1 + 0 + 3·1 = 6, sd = √(6/9) = 0.8164966.
   * Change 1.0 − 2.2 = −1.2; s²/n = 0.0622222 + 0.0666667 = 0.1288889, SE = 0.3590110, t = −3.342517,
   * df = 0.1288889² / ((0.0622222² + 0.0666667²)/9) = 17.978622; p = 0.003629 (scipy ttest_ind, equal_var=False).
   */
  const first = {
    id: 'r1',
    closedAt: '2026-03-01T00:00:00.000Z',
    round: allRoles,
    tally: tallyOf(responsesFor('citizen', { help_needed: { '3': 4, '2': 4, '1': 2 } })),
  };
  const second = tallyOf(responsesFor('citizen', { help_needed: { '2': 3, '1': 4, '0': 3 }, influence: { '2': 5 } }));

  it('gives the previous figure and whether the change is significant (Welch, p < 0.05)', () => {
    const answer = measurementResults({ id: 'r2', status: 'closed', round: allRoles, tally: second, earlierRounds: [first] });
    const cell = answer.questions['help_needed']!['citizen'] as QuestionCell;
    expect(cell.previous).toMatchObject({ measurementId: 'r1', closedAt: first.closedAt, n: 10, mean: 2.2 });
    const previous = cell.previous as { sd: number; change: { difference: number; p: number; significant: boolean } };
    expect(previous.sd).toBeCloseTo(0.7888106, 7);
    expect(previous.change.difference).toBeCloseTo(-1.2, 12);
    expect(previous.change.p).toBeCloseTo(0.003629, 6);
    expect(previous.change.significant).toBe(true);
    // influence: round 1 had no citizen answers to it, so its figure there is suppressed (n = 0 < 5).
    expect((answer.questions['influence']!['citizen'] as QuestionCell).previous).toEqual({
      measurementId: 'r1',
      closedAt: first.closedAt,
      suppressed: true,
    });
  });

  it('skips earlier rounds that did not ask the question', () => {
    const narrow = { ...first, id: 'r1b', round: { roles: [...RESPONDENT_ROLES], questionIds: ['influence'] } };
    const answer = measurementResults({ id: 'r2', status: 'closed', round: allRoles, tally: second, earlierRounds: [narrow, first] });
    expect((answer.questions['help_needed']!['citizen'] as QuestionCell).previous).toMatchObject({ measurementId: 'r1' });
    expect(
      measurementResults({ id: 'r2', status: 'closed', round: allRoles, tally: second }).questions['help_needed']!['citizen'],
    ).toMatchObject({ previous: null });
  });
});

describe('the VIVE 2020 table reproduced', () => {
  /**
   * Ten answers with mean m (one decimal): 10·(m − ⌊m⌋) answers of ⌊m⌋ + 1 and the rest ⌊m⌋, so the sum is 10·m.
   * E.g. 1.8: eight 2s and two 1s.
   */
  const answersWithMean = (mean: number): Counts => {
    const floor = Math.floor(mean + 1e-9);
    const above = Math.round((mean - floor) * 10);
    return { [String(floor + 1)]: above, [String(floor)]: 10 - above } as Counts;
  };
  const perRole = (role: 'citizen' | 'caseworker' | 'leader') =>
    responsesFor(
      role,
      Object.fromEntries(QUESTIONS.filter((q) => q.baseline2020[role] !== null).map((q) => [q.id, answersWithMean(q.baseline2020[role]!)])),
    );
  const answer = measurementResults({
    id: 'vive',
    status: 'closed',
    round: allRoles,
    tally: tallyOf(perRole('citizen'), perRole('caseworker'), perRole('leader')),
  });

  it.each(SCORED_QUESTION_IDS)('%s: means equal to the published ones give the published gaps', (questionId) => {
    const question = QUESTIONS.find((q) => q.id === questionId)!;
    for (const role of RESPONDENT_ROLES) {
      if (question.baseline2020[role] === null) continue;
      expect((answer.questions[questionId]![role] as QuestionCell).mean).toBeCloseTo(question.baseline2020[role]!, 12);
    }
    for (const [pair, [a, b]] of [
      ['L-B', ['leader', 'citizen']],
      ['S-B', ['caseworker', 'citizen']],
      ['L-S', ['leader', 'caseworker']],
    ] as const) {
      const gap = answer.gaps[questionId]![pair] as GapCell | undefined;
      if (question.baseline2020[b] === null) {
        expect(gap).toBeUndefined();
        continue;
      }
      const published = question.baseline2020[a]! - question.baseline2020[b]!;
      expect(gap!.difference).toBeCloseTo(published, 12);
      expect(gap!.baseline2020).toBeCloseTo(published, 12);
    }
  });

  it('gives the largest gaps VIVE found (L-B 1.1 on help_entitled and influence) and the one where caseworkers are above leaders', () => {
    expect((answer.gaps['help_entitled']!['L-B'] as GapCell).difference).toBeCloseTo(1.1, 12);
    expect((answer.gaps['influence']!['L-B'] as GapCell).difference).toBeCloseTo(1.1, 12);
    expect((answer.gaps['case_documents']!['L-S'] as GapCell).difference).toBeCloseTo(-0.1, 12);
  });

  it('reproduces the caseworkers’ timing shares (43 / 52 / 5 %)', () => {
    const tally = tallyOf(
      responsesFor('caseworker', {}, { timing: { i_rette_tid: 43, noget_sent: 52, saa_sent_at_det_gav_problemer: 5 } }),
    );
    const timing = measurementResults({ id: 'vive', status: 'closed', round: allRoles, tally }).timing['caseworker'] as TimingCell;
    expect(timing).toMatchObject({ i_rette_tid: 0.43, noget_sent: 0.52, saa_sent_at_det_gav_problemer: 0.05, n: 100 });
  });
});

describe('summariseAnswers', () => {
  it('has no sd or interval below two answers, and no mean for none', () => {
    expect(summariseAnswers({ '2': 1 })).toMatchObject({ n: 1, mean: 2, sd: null, ci95: null });
    expect(summariseAnswers({ ved_ikke: 3 })).toMatchObject({ n: 0, mean: null, sd: null, ci95: null });
  });
});
