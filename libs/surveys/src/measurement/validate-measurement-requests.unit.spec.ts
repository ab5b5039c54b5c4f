import { ALL_QUESTION_IDS, RESPONDENT_ROLES, SCORED_QUESTION_IDS } from '../question-bank/question-bank';
import { checkResponse, validateCreateMeasurement, validateResponseRequest } from './validate-measurement-requests';

const now = new Date('2027-02-01T00:00:00Z');
const rulesOf = (result: { ok: boolean; errors?: Array<{ field: string; rule: string }> }) =>
  result.ok ? [] : result.errors!.map((e) => `${e.field} ${e.rule}`);

describe('a new measurement', () => {
  it('defaults to every question and the timing question, every role, opening now', () => {
    const result = validateCreateMeasurement({ title: ' Forår 2027 ', closesAt: '2027-03-01T00:00:00+01:00', tokensPerRole: 10 }, now);
    expect(result).toEqual({
      ok: true,
      value: {
        title: 'Forår 2027',
        questionIds: [...ALL_QUESTION_IDS],
        roles: [...RESPONDENT_ROLES],
        opensAt: now.toISOString(),
        closesAt: '2027-02-28T23:00:00.000Z',
        tokensPerRole: { citizen: 10, caseworker: 10, leader: 10 },
      },
    });
  });

  it.each([
    [{ closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'title isDefined'],
    [{ title: 'x\ny', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'title printable'],
    [{ title: 'Runde 010190-1234', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'title noCprNumber'],
    [{ title: 't', closesAt: '2027-03-01', tokensPerRole: 1 }, 'closesAt isTimestampWithOffset'],
    [{ title: 't', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 0 }, 'tokensPerRole isInt'],
    [{ title: 't', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 5001 }, 'tokensPerRole isInt'],
    [{ title: 't', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: { citizen: 2, janitor: 1 } }, 'tokensPerRole isCountPerKey'],
    [{ title: 't', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: { citizen: 2 } }, 'tokensPerRole.caseworker isDefined'],
    [
      { title: 't', roles: ['citizen'], closesAt: '2027-03-01T00:00:00Z', tokensPerRole: { citizen: 2, leader: 1 } },
      'tokensPerRole.leader roleNotAsked',
    ],
    [{ title: 't', questionIds: ['help_needed', 'nope'], closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'questionIds isIn'],
    [{ title: 't', questionIds: [], closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'questionIds isArray'],
    [{ title: 't', roles: ['citizen', 'citizen'], closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 }, 'roles unique'],
    [
      { title: 't', questionIds: ['real_involvement'], closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1 },
      'questionIds questionForEveryRole',
    ],
    [{ title: 't', closesAt: '2027-03-01T00:00:00Z', tokensPerRole: 1, colour: 'red' }, 'colour unknownField'],
  ])('refuses %j: %s', (body, expected) => {
    expect(rulesOf(validateCreateMeasurement(body, now))).toContain(expected);
  });
});

describe('a response', () => {
  const round = { roles: [...RESPONDENT_ROLES], questionIds: ['help_needed', 'real_involvement', 'help_in_time'] };
  const request = (body: Record<string, unknown>) => {
    const validated = validateResponseRequest({ token: 'abc', ...body });
    if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
    return validated.value;
  };

  it('is stored as role, department, answers and timing: nothing else', () => {
    expect(
      checkResponse(
        round,
        'caseworker',
        request({ department: 'jobcenter', answers: { help_needed: 2, real_involvement: 'ved_ikke' }, timing: 'noget_sent' }),
      ),
    ).toEqual({
      ok: true,
      value: {
        role: 'caseworker',
        department: 'jobcenter',
        answers: { help_needed: 2, real_involvement: 'ved_ikke' },
        timing: 'noget_sent',
      },
    });
  });

  it.each([
    ['citizen', { answers: { help_needed: 4 } }, 'answers.help_needed isAnswer'],
    ['citizen', { answers: { help_needed: '3' } }, 'answers.help_needed isAnswer'],
    ['citizen', { answers: { help_needed: -1 } }, 'answers.help_needed isAnswer'],
    ['citizen', { answers: { help_needed: 3, influence: 2 } }, 'answers.influence notInRound'],
    ['citizen', { answers: { help_needed: 3, colour: 2 } }, 'answers.colour unknownQuestion'],
    ['citizen', { answers: { help_needed: 3, real_involvement: 2 } }, 'answers.real_involvement notAskedOfRole'],
    ['leader', { answers: { help_needed: 3 } }, 'answers.real_involvement isDefined'],
  ] as const)('refuses for a %s %j: %s', (role, body, expected) => {
    expect(rulesOf(checkResponse(round, role, request(body)))).toContain(expected);
  });

  it('refuses the token of a role the round does not ask, timing a round does not ask, and unknown fields', () => {
    expect(rulesOf(checkResponse({ ...round, roles: ['citizen'] }, 'leader', request({ answers: {} })))).toEqual(['token roleNotAsked']);
    expect(
      rulesOf(
        checkResponse(
          { ...round, questionIds: ['help_needed'] },
          'citizen',
          request({ answers: { help_needed: 1 }, timing: 'noget_sent' }),
        ),
      ),
    ).toEqual(['timing notInRound']);
    expect(rulesOf(validateResponseRequest({ token: 'abc', answers: {}, ip: '1.2.3.4' }))).toEqual(['ip unknownField']);
    expect(rulesOf(validateResponseRequest({ token: 'abc', answers: [] }))).toEqual(['answers isObject']);
    expect(rulesOf(validateResponseRequest({ token: 'abc', answers: {}, timing: 'sent' }))).toEqual(['timing isIn']);
    expect(rulesOf(validateResponseRequest({ token: 'abc', answers: {}, department: 'finance' }))).toEqual(['department isIn']);
  });

  it('asks citizens eleven of the thirteen questions', () => {
    const all = { roles: [...RESPONDENT_ROLES], questionIds: [...SCORED_QUESTION_IDS] };
    const missing = checkResponse(all, 'citizen', request({ answers: {} }));
    expect(rulesOf(missing)).toHaveLength(11);
  });
});
