import { ALL_QUESTION_IDS, type MeasurementResults, type QuestionCell } from '@tillidsbarometer/surveys';
import { startProduct, type Product } from '../support/product';
import { answersFor, createRound, eventually, inSeconds, respond } from './survey-helpers';

/** Measurements over HTTP on PostgreSQL: create, respond, the refusals of CONTRACT.md section 7, close, results, tenancy. */
describe('temperature measurements', () => {
  let product: Product;
  let leader: string;

  beforeAll(async () => {
    product = await startProduct({ env: { SURVEY_TICK_MS: '200' } });
    leader = await product.token('kommune_leader', '101');
  }, 60_000);
  afterAll(async () => product?.close());

  const get = (path: string, token = leader) => product.request('GET', path, { token });

  it('creates a round with all questions and roles by default and answers its tokens once', async () => {
    const round = await createRound(product, leader, {
      title: 'Forår 2027',
      closesAt: inSeconds(3_600),
      tokensPerRole: { citizen: 3, caseworker: 2, leader: 1 },
    });
    expect(Object.keys(round.tokens)).toEqual(['citizen', 'caseworker', 'leader']);
    expect(round.tokens.citizen).toHaveLength(3);
    for (const token of Object.values(round.tokens).flat()) expect(token).toMatch(/^[a-z2-7]{26}$/);
    const summary = await get(`/api/v1/measurements/${round.id}`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      id: round.id,
      kommune: '101',
      title: 'Forår 2027',
      status: 'open',
      roles: ['citizen', 'caseworker', 'leader'],
      questionIds: [...ALL_QUESTION_IDS],
      tokensIssued: { citizen: 3, caseworker: 2, leader: 1 },
      responses: { citizen: 0, caseworker: 0, leader: 0 },
    });
    expect(summary.text).not.toContain(round.tokens.citizen![0]);
    const list = await get('/api/v1/kommuner/101/measurements');
    expect((list.body as { measurements: Array<{ id: string }> }).measurements.map((m) => m.id)).toContain(round.id);
  });

  it('takes a response once: 202, then 409 for the same token; 404 for an unknown token or another round’s', async () => {
    const round = await createRound(product, leader, { title: 'Tokens', closesAt: inSeconds(3_600), tokensPerRole: 2, roles: ['citizen'] });
    const other = await createRound(product, leader, { title: 'Other', closesAt: inSeconds(3_600), tokensPerRole: 1, roles: ['citizen'] });
    const [token] = round.tokens.citizen!;
    const body = { token, answers: answersFor('citizen', 2), timing: 'noget_sent' };
    expect((await respond(product, round.id, body)).status).toBe(202);
    const again = await respond(product, round.id, body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ rule: 'tokenUsed', errors: [{ field: 'token', rule: 'tokenUsed' }] });
    const unknown = await respond(product, round.id, { ...body, token: 'aaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ rule: 'unknownToken' });
    expect((await respond(product, other.id, { ...body, token: round.tokens.citizen![1] })).status).toBe(404);
    expect((await respond(product, 'not-a-uuid', body)).status).toBe(404);
    // Tokens are case-insensitive, as typed from paper.
    expect((await respond(product, other.id, { ...body, token: other.tokens.citizen![0]!.toUpperCase() })).status).toBe(202);
  });

  it.each([
    ['an answer out of range', { answers: { help_needed: 4 } }, 'answers.help_needed', 'isAnswer'],
    ['an answer given as text', { answers: { help_needed: '3' } }, 'answers.help_needed', 'isAnswer'],
    ['a question not in the round', { answers: { influence: 1 } }, 'answers.influence', 'notInRound'],
    ['a question the round does not ask of the role', { answers: { real_involvement: 1 } }, 'answers.real_involvement', 'notAskedOfRole'],
    ['a question not in the bank', { answers: { colour: 1 } }, 'answers.colour', 'unknownQuestion'],
    ['a missing answer', { answers: {} }, 'answers.help_needed', 'isDefined'],
    ['timing the round does not ask', { timing: 'noget_sent' }, 'timing', 'notInRound'],
    ['an unknown timing category', { timing: 'sent' }, 'timing', 'isIn'],
    ['an unknown department', { department: 'finance' }, 'department', 'isIn'],
    ['an unknown field', { ip: '10.0.0.1' }, 'ip', 'unknownField'],
    ['answers that are not an object', { answers: [1] }, 'answers', 'isObject'],
  ])('refuses %s with 422 naming the field and the rule, and leaves the token unused', async (_, change, field, rule) => {
    const round = await createRound(product, leader, {
      title: 'Rules',
      questionIds: ['help_needed', 'real_involvement'],
      closesAt: inSeconds(3_600),
      tokensPerRole: 1,
      roles: ['citizen', 'caseworker'],
    });
    const token = round.tokens.citizen![0]!;
    const answer = await respond(product, round.id, { token, answers: { help_needed: 3 }, ...change });
    expect(answer.status).toBe(422);
    expect((answer.body as { errors: Array<{ field: string; rule: string }> }).errors).toContainEqual(
      expect.objectContaining({ field, rule }),
    );
    expect((answer.body as { message: string }).message).toContain(field);
    expect((await respond(product, round.id, { token, answers: { help_needed: 3 } })).status).toBe(202);
  });

  it('answers 400 to malformed JSON', async () => {
    const round = await createRound(product, leader, { title: 'JSON', closesAt: inSeconds(3_600), tokensPerRole: 1 });
    const answer = await product.request('POST', `/api/v1/measurements/${round.id}/responses`, { rawBody: '{"token": ' });
    expect(answer.status).toBe(400);
  });

  it('answers 409 notOpenYet before opensAt, without using the token', async () => {
    const round = await createRound(product, leader, {
      title: 'Later',
      opensAt: inSeconds(3_600),
      closesAt: inSeconds(7_200),
      tokensPerRole: 1,
    });
    const answer = await respond(product, round.id, { token: round.tokens.citizen![0], answers: answersFor('citizen', 1) });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ rule: 'notOpenYet' });
    expect((await get(`/api/v1/measurements/${round.id}`)).body).toMatchObject({ status: 'scheduled', openedAt: null });
  });

  it('closes by hand: the pooled responses are written, later responses get 410, a second close 409', async () => {
    const round = await createRound(product, leader, {
      title: 'By hand',
      closesAt: inSeconds(3_600),
      tokensPerRole: 3,
      roles: ['citizen'],
    });
    for (const token of round.tokens.citizen!.slice(0, 2))
      expect((await respond(product, round.id, { token, answers: answersFor('citizen', 3) })).status).toBe(202);
    // Two responses wait in the mix pool: fewer than a batch, so nothing is in the store yet.
    expect((await get(`/api/v1/measurements/${round.id}`)).body).toMatchObject({ responses: { citizen: 0 } });
    const closed = await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: leader });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'hand', responses: { citizen: 2 } });
    const late = await respond(product, round.id, { token: round.tokens.citizen![2], answers: answersFor('citizen', 3) });
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({ rule: 'roundClosed' });
    expect((await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: leader })).status).toBe(409);
    const results = (await get(`/api/v1/measurements/${round.id}/results`)).body as MeasurementResults;
    expect(results.responses).toEqual({ citizen: 2 });
    expect(results.questions['help_needed']).toEqual({ citizen: { suppressed: true } });
  });

  it('closes by time at closesAt, on its own', async () => {
    const closesAt = inSeconds(2);
    const round = await createRound(product, leader, { title: 'By time', closesAt, tokensPerRole: 1, roles: ['leader'] });
    expect(
      (await respond(product, round.id, { token: round.tokens.leader![0], answers: answersFor('leader', 2), department: 'health' })).status,
    ).toBe(202);
    const closed = await eventually(
      () => get(`/api/v1/measurements/${round.id}`),
      (answer) => (answer.body as { status: string }).status === 'closed',
    );
    expect(closed.body).toMatchObject({ closedBy: 'time', closedAt: new Date(closesAt).toISOString(), responses: { leader: 1 } });
  });

  it('gives results once closed, with figures worked by hand, the VIVE baseline and a CSV export', async () => {
    const round = await createRound(product, leader, {
      title: 'Results',
      closesAt: inSeconds(3_600),
      tokensPerRole: { citizen: 6, leader: 5 },
      roles: ['citizen', 'leader'],
    });
    // Citizens on help_needed: 3, 3, 2, 1, 0 and one "ved_ikke": n = 5, mean 9/5 = 1.8, squares 1.44·2 + 0.04 + 0.64 + 3.24 = 6.8,
    // sd = √(6.8/4) = 1.3038405. Leaders: all 3 (sd 0). L-B = 1.2, Welch df = n − 1 of the citizens = 4.
    const citizenAnswers = [3, 3, 2, 1, 0, 'ved_ikke'] as const;
    for (const [index, token] of round.tokens.citizen!.entries()) {
      expect(
        (
          await respond(product, round.id, {
            token,
            answers: answersFor('citizen', (id) => (id === 'help_needed' ? citizenAnswers[index]! : 2)),
          })
        ).status,
      ).toBe(202);
    }
    for (const token of round.tokens.leader!)
      expect((await respond(product, round.id, { token, answers: answersFor('leader', 3) })).status).toBe(202);

    const open = (await get(`/api/v1/measurements/${round.id}/results`)).body as MeasurementResults;
    expect(open).toMatchObject({ status: 'open', questions: {}, gaps: {}, timing: {} });
    await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: leader });

    const results = (await get(`/api/v1/measurements/${round.id}/results`)).body as MeasurementResults;
    expect(results).toMatchObject({ id: round.id, status: 'closed', responses: { citizen: 6, leader: 5 } });
    const citizen = results.questions['help_needed']!['citizen'] as QuestionCell;
    expect(citizen).toMatchObject({
      n: 5,
      baseline2020: 1.8,
      distribution: { '3': 2, '2': 1, '1': 1, '0': 1, ved_ikke: 1, naegter_at_svare: 0 },
    });
    expect(citizen.mean).toBeCloseTo(1.8, 12);
    expect(citizen.sd).toBeCloseTo(1.3038405, 7);
    expect(results.gaps['help_needed']!['L-B']).toMatchObject({ baseline2020: 0.9 });
    expect((results.gaps['help_needed']!['L-B'] as { difference: number }).difference).toBeCloseTo(1.2, 12);
    expect(results.reverseCoded).toEqual(['caseworker_turnover']);

    const csv = await get(`/api/v1/measurements/${round.id}/results?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^kind,question_id,role,gap,suppressed,n,mean,/);
    expect(lines.find((line) => line.startsWith('question,help_needed,citizen,'))).toMatch(/^question,help_needed,citizen,,false,5,1\.8,/);

    const filtered = (await get(`/api/v1/measurements/${round.id}/results?role=leader&department=health`)).body as MeasurementResults;
    expect(filtered.filter).toEqual({ department: 'health', role: 'leader' });
    expect(filtered.questions['help_needed']).toEqual({ leader: { suppressed: true } });
  });

  it.each([
    ['?department=finance', 'department', 'isIn'],
    ['?role=janitor', 'role', 'isIn'],
    ['?format=xlsx', 'format', 'isIn'],
    ['?colour=red', 'colour', 'unknownField'],
  ])('answers results%s with 400 naming %s and %s', async (query, field, rule) => {
    const round = await createRound(product, leader, { title: 'Query', closesAt: inSeconds(3_600), tokensPerRole: 1 });
    const answer = await get(`/api/v1/measurements/${round.id}/results${query}`);
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('lets only the leaders of the round’s kommune (and admin) see and close it', async () => {
    const round = await createRound(product, leader, { title: 'Tenancy', closesAt: inSeconds(3_600), tokensPerRole: 1 });
    const foreign = await product.token('kommune_leader', '147');
    const staff = await product.token('kommune_staff', '101');
    const admin = await product.token('admin');
    for (const path of [`/api/v1/measurements/${round.id}`, `/api/v1/measurements/${round.id}/results`]) {
      expect((await get(path, foreign)).status).toBe(403);
      expect((await get(path, staff)).status).toBe(403);
      expect((await product.request('GET', path)).status).toBe(401);
      expect((await get(path, admin)).status).toBe(200);
    }
    expect((await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: foreign })).status).toBe(403);
    expect((await product.request('POST', '/api/v1/kommuner/101/measurements', { token: foreign, body: {} })).status).toBe(403);
    expect((await get('/api/v1/kommuner/101/measurements', foreign)).status).toBe(403);
    expect((await get(`/api/v1/measurements/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('describes its requests in the OpenAPI document, from the validating classes', async () => {
    const document = (await product.request('GET', '/api/docs-json')).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(document.components.schemas['CreateMeasurementRequest']!.properties).sort()).toEqual([
      'closesAt',
      'opensAt',
      'questionIds',
      'roles',
      'title',
      'tokensPerRole',
    ]);
    expect(Object.keys(document.components.schemas['ResponseRequest']!.properties).sort()).toEqual([
      'answers',
      'department',
      'timing',
      'token',
    ]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/kommuner/{kommune}/measurements',
        '/api/v1/measurements/{id}',
        '/api/v1/measurements/{id}/results',
        '/api/v1/measurements/{id}/close',
        '/api/v1/measurements/{id}/responses',
      ]),
    );
  });

  it.each([
    [{ closesAt: '2020-01-01T00:00:00Z', tokensPerRole: 1 }, 'closesAt', 'inFuture'],
    [{ opensAt: '2030-02-01T00:00:00Z', closesAt: '2030-01-01T00:00:00Z', tokensPerRole: 1 }, 'closesAt', 'afterOpensAt'],
    [{ closesAt: '2030-01-01T00:00:00Z', tokensPerRole: 0 }, 'tokensPerRole', 'isInt'],
    [{ closesAt: '2030-01-01T00:00:00Z', tokensPerRole: 1, questionIds: ['nope'] }, 'questionIds', 'isIn'],
  ])('refuses to create %j with 422 naming %s and %s', async (body, field, rule) => {
    const answer = await product.request('POST', '/api/v1/kommuner/101/measurements', { token: leader, body: { title: 'Bad', ...body } });
    expect(answer.status).toBe(422);
    expect((answer.body as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining({ field, rule }));
  });
});
