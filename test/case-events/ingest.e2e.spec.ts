import { randomUUID } from 'node:crypto';
import { caseEvent, samples } from '../support/case-event-samples';
import { startProduct, type Answer, type Product } from '../support/product';

/** POST /api/v1/events over real HTTP on a real PostgreSQL (CONTRACT.md sections 1, 2 and 9). */
describe('case-event ingestion (POST /api/v1/events)', () => {
  let product: Product;
  let token: string;

  beforeAll(async () => {
    product = await startProduct({ engine: 'postgres' });
    token = await product.token('source_system', '101');
  }, 60_000);

  afterAll(async () => {
    await product?.close();
  });

  const post = (body: unknown, bearer: string | null = token) =>
    product.request('POST', '/api/v1/events', { token: bearer ?? undefined, body });
  const caseId = () => `SAG-${randomUUID().slice(0, 8)}`;

  describe('one event', () => {
    it('answers 201 stored with its position, then 200 duplicate with the same position', async () => {
      const event = samples.helpRequested(caseId());
      const stored = await post(event);
      expect(stored.status).toBe(201);
      expect(stored.body).toEqual({ eventId: event.eventId, status: 'stored', position: expect.any(Number) });
      const again = await post(event);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ eventId: event.eventId, status: 'duplicate', position: (stored.body as { position: number }).position });
    });

    it('stores the event under the case stream, with times in UTC and the citizen pseudonymised', async () => {
      const id = caseId();
      const event = samples.helpRequested(id, { citizenId: '2512489996' });
      expect((await post(event)).status).toBe(201);
      const { rows } = await product.db.query<{ stream_name: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>(
        'SELECT stream_name, data, metadata FROM event_store.events WHERE event_id = $1',
        [event.eventId],
      );
      expect(rows[0]!.stream_name).toBe(`case-101-${id}`);
      expect(rows[0]!.data).toEqual({
        kommune: '101',
        caseId: id,
        occurredAt: '2026-01-05T08:00:00.000Z',
        citizenPseudonym: expect.stringMatching(/^[0-9a-f]{64}$/),
        area: 'sel_83',
        department: 'adult_disability',
        channel: 'written',
      });
      expect(rows[0]!.metadata).toEqual({ receivedAt: expect.any(String), source: 'test-source_system' });
    });
  });

  describe('a batch', () => {
    it('answers 200 with one result per event in order, each event on its own, stored in one transaction', async () => {
      const [a, b] = [caseId(), caseId()];
      const batch = [
        samples.helpRequested(a),
        samples.decision(a, 'D1', 'refused'),
        samples.explained(a, 'D1'),
        samples.delivered(a, 'D1'), // a refusal: rejected, the others stand
        samples.helpRequested(b),
        samples.contact(b),
      ];
      const answer = await post(batch);
      expect(answer.status).toBe(200);
      const results = answer.body as Array<{ eventId: string; status: string; errors?: Array<{ rule: string }> }>;
      expect(results.map((r) => [r.eventId, r.status])).toEqual(batch.map((e, i) => [e.eventId, i === 3 ? 'rejected' : 'stored']));
      expect(results[3]!.errors?.[0]?.rule).toBe('mustBeGrant');
      const { rows } = await product.db.query<{ n: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS n FROM event_store.events WHERE event_id = ANY ($1::uuid[])',
        [batch.map((e) => e.eventId)],
      );
      expect(rows[0]!.n).toBe(1);
    });

    it('answers a repeat within the batch and a repeat of a stored event as duplicates of the original', async () => {
      const id = caseId();
      const opened = samples.helpRequested(id);
      const first = await post(opened);
      const contact = samples.contact(id);
      const results = (await post([opened, contact, contact])).body as Array<{ status: string; position?: number }>;
      expect(results.map((r) => r.status)).toEqual(['duplicate', 'stored', 'duplicate']);
      expect(results[0]!.position).toBe((first.body as { position: number }).position);
      expect(results[2]!.position).toBe(results[1]!.position);
    });

    it('rejects, in a batch, an event for another kommune with rule forbidden and stores the rest', async () => {
      const [own, foreign] = [samples.helpRequested(caseId()), samples.helpRequested(caseId(), { kommune: '147' })];
      const results = (await post([own, foreign])).body as Array<{ status: string; errors?: Array<{ field: string; rule: string }> }>;
      expect(results.map((r) => r.status)).toEqual(['stored', 'rejected']);
      expect(results[1]!.errors).toEqual([
        { field: 'kommune', rule: 'forbidden', message: 'kommune must be the kommune of your token (101)' },
      ]);
    });

    it('stores a whole batch of 1,000 events for 1,000 cases', async () => {
      const batch = Array.from({ length: 1_000 }, () => samples.helpRequested(caseId()));
      const before = await product.eventCount();
      const answer = await post(batch);
      expect(answer.status).toBe(200);
      expect((answer.body as Array<{ status: string }>).every((r) => r.status === 'stored')).toBe(true);
      expect(await product.eventCount()).toBe(before + 1_000);
    });
  });

  it('retries concurrent requests for one case: every event stored, positions without gaps', async () => {
    const id = caseId();
    await post(samples.helpRequested(id));
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(samples.contact(id))));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const { rows } = await product.db.query<{ positions: number[] }>(
      'SELECT array_agg(stream_position ORDER BY stream_position) AS positions FROM event_store.events WHERE stream_name = $1',
      [`case-101-${id}`],
    );
    expect(rows[0]!.positions).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  describe('bad input: a clear 4xx naming the field and the rule, and nothing stored', () => {
    const cases: Array<[string, () => Promise<Answer>, number, RegExp]> = [
      ['malformed JSON', () => product.request('POST', '/api/v1/events', { token, rawBody: '{"eventId": ' }), 400, /not valid JSON/],
      [
        'a body that is neither object nor array',
        () => post('HelpRequested'),
        400,
        /one event \(a JSON object\) or a batch \(a JSON array\)/,
      ],
      [
        'an array of 1,001 events',
        () => post(Array.from({ length: 1_001 }, () => samples.helpRequested(caseId()))),
        400,
        /1 to 1,000 events \(this one has 1,001\)/,
      ],
      [
        'a body over the size limit',
        () => product.request('POST', '/api/v1/events', { token, rawBody: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }) }),
        413,
        /too large/,
      ],
      [
        'a Content-Type other than JSON',
        () => product.request('POST', '/api/v1/events', { token, rawBody: '{}', contentType: 'text/plain' }),
        415,
        /application\/json/,
      ],
      ['missing fields', () => post({ type: 'HelpRequested', kommune: '101', data: {} }), 422, /eventId is required.*caseId is required/],
      [
        'a wrong type',
        () =>
          post(
            caseEvent('DecisionMade', {
              decisionId: 'D1',
              outcome: 'granted',
              writtenReasons: 'yes',
              complaintGuidance: true,
              plannedStart: '2026-03-01',
              decidedBy: 'caseworker',
            }),
          ),
        422,
        /data\.writtenReasons must be true or false/,
      ],
      [
        'an unknown outcome',
        () =>
          post(
            caseEvent('DecisionMade', {
              decisionId: 'D1',
              outcome: 'maybe',
              writtenReasons: true,
              complaintGuidance: true,
              plannedStart: '2026-03-01',
              decidedBy: 'caseworker',
            }),
          ),
        422,
        /data\.outcome must be one of granted, partially_granted, refused/,
      ],
      [
        'an unknown field',
        () => post({ ...samples.helpRequested(caseId()), note: 'free text' }),
        422,
        /note is not allowed: unknown field/,
      ],
      [
        'an unknown field in data',
        () => post(caseEvent('CaseClosed', { reason: 'moved', comment: 'x' })),
        422,
        /data\.comment is not allowed: unknown field/,
      ],
      [
        'an unknown kommune',
        () => post(samples.helpRequested(caseId(), { kommune: '999' })),
        422,
        /kommune must be one of the 98 kommune codes/,
      ],
      [
        "a kommune other than the token's",
        () => post(samples.helpRequested(caseId(), { kommune: '147' })),
        403,
        /kommune must be the kommune of your token \(101\)/,
      ],
      ['a CPR number in caseId', () => post(samples.helpRequested('SAG-0101901234')), 422, /caseId must not contain a CPR number/],
      [
        'occurredAt in the future',
        () => post(samples.helpRequested(caseId(), { occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() })),
        422,
        /occurredAt must not be more than 5 minutes in the future/,
      ],
      ['an unknown type', () => post(caseEvent('HelpGranted', {})), 422, /type must be one of HelpRequested/],
      ['a missing token', () => post(samples.helpRequested(caseId()), null), 401, /bearer token/i],
      [
        'a token of a role that may not write events',
        async () => post(samples.helpRequested(caseId()), await product.token('kommune_staff')),
        403,
        /role/,
      ],
    ];

    it.each(cases)('%s', async (_label, send, status, message) => {
      const before = await product.eventCount();
      const answer = await send();
      expect(answer.status).toBe(status);
      expect(answer.text).toMatch(message);
      expect(answer.body).toMatchObject({ statusCode: status });
      expect(await product.eventCount()).toBe(before);
    });

    it('an expired token: 401', async () => {
      const expired = await product.token('source_system', '101', { expiresInSeconds: 3_600, now: new Date(Date.now() - 2 * 86_400_000) });
      const before = await product.eventCount();
      const answer = await post(samples.helpRequested(caseId()), expired);
      expect(answer.status).toBe(401);
      expect(answer.text).toMatch(/expired/);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(await product.eventCount()).toBe(before);
    });

    describe('against the case', () => {
      const rejectedBy = async (history: object[], event: object, rule: string, field: string) => {
        for (const earlier of history) expect([200, 201]).toContain((await post(earlier)).status);
        const before = await product.eventCount();
        const answer = await post(event);
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ rule, field })] });
        expect(await product.eventCount()).toBe(before);
      };

      it('a RefusalExplainedOrally for a granted decision', async () => {
        const id = caseId();
        await rejectedBy(
          [samples.helpRequested(id), samples.decision(id, 'D1', 'granted')],
          samples.explained(id, 'D1'),
          'mustBeRefusal',
          'data.decisionId',
        );
      });

      it('a HelpDelivered for an unknown decision', async () => {
        const id = caseId();
        await rejectedBy([samples.helpRequested(id)], samples.delivered(id, 'D404'), 'mustExist', 'data.decisionId');
      });

      it('any event on a closed case', async () => {
        const id = caseId();
        await rejectedBy([samples.helpRequested(id), samples.closed(id)], samples.contact(id), 'caseClosed', 'caseId');
      });

      it('a second HelpRequested', async () => {
        const id = caseId();
        await rejectedBy([samples.helpRequested(id)], samples.helpRequested(id), 'oneHelpRequestedPerCase', 'caseId');
      });

      it('an event for a case that was never opened', async () => {
        await rejectedBy([], samples.contact(caseId()), 'caseMustBeOpen', 'caseId');
      });
    });
  });

  describe('deadlines (PUT and GET /api/v1/kommuner/{kommune}/deadlines)', () => {
    it('publishes deadlines for a kommune leader, lists them with their history, and ignores a repeat', async () => {
      const leader = await product.token('kommune_leader', '101');
      const body = [
        { area: 'sel_83', days: 42, effectiveFrom: '2025-01-01T00:00:00+01:00' },
        { area: 'sel_41', days: 90, effectiveFrom: '2025-01-01T00:00:00+01:00' },
      ];
      const published = await product.request('PUT', '/api/v1/kommuner/101/deadlines', { token: leader, body });
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({
        kommune: '101',
        inForce: [
          { area: 'sel_41', days: 90, effectiveFrom: '2024-12-31T23:00:00.000Z' },
          { area: 'sel_83', days: 42, effectiveFrom: '2024-12-31T23:00:00.000Z' },
        ],
      });
      const before = await product.eventCount();
      await product.request('PUT', '/api/v1/kommuner/101/deadlines', { token: leader, body });
      expect(await product.eventCount()).toBe(before);
      await product.request('PUT', '/api/v1/kommuner/101/deadlines', {
        token: leader,
        body: [{ area: 'sel_83', days: 28, effectiveFrom: '2026-01-01T00:00:00+01:00' }],
      });
      const listed = await product.request('GET', '/api/v1/kommuner/101/deadlines', { token: await product.token('kommune_staff', '101') });
      expect(listed.status).toBe(200);
      expect((listed.body as { history: unknown[] }).history).toHaveLength(3);
      expect((listed.body as { inForce: Array<{ area: string; days: number }> }).inForce.find((d) => d.area === 'sel_83')?.days).toBe(28);
    });

    it('refuses bad entries with 422, another kommune with 403, other roles with 403 and an unknown kommune with 404', async () => {
      const leader = await product.token('kommune_leader', '101');
      const bad = await product.request('PUT', '/api/v1/kommuner/101/deadlines', {
        token: leader,
        body: [{ area: 'sel_83', days: 0, effectiveFrom: '2025-01-01' }],
      });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ errors: [{ field: '[0].days', rule: 'isInt' }, { field: '[0].effectiveFrom' }] });
      expect((await product.request('PUT', '/api/v1/kommuner/147/deadlines', { token: leader, body: [] })).status).toBe(403);
      expect(
        (await product.request('PUT', '/api/v1/kommuner/101/deadlines', { token: await product.token('kommune_staff'), body: [] })).status,
      ).toBe(403);
      expect((await product.request('GET', '/api/v1/kommuner/999/deadlines', { token: await product.token('admin') })).status).toBe(404);
      expect((await product.request('GET', '/api/v1/kommuner/101/deadlines', { token: await product.token('secretariat') })).status).toBe(
        403,
      );
    });
  });

  it('serves the OpenAPI document with every event type, generated from the validating classes', async () => {
    const answer = await product.request('GET', '/api/docs-json');
    expect(answer.status).toBe(200);
    const document = answer.body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { enum?: string[] }> }> };
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/kommuner/{kommune}/deadlines']));
    expect(document.components.schemas['DecisionMadeData']?.properties?.['outcome']?.enum).toEqual([
      'granted',
      'partially_granted',
      'refused',
    ]);
    expect(document.components.schemas['HelpRequestedEvent']?.required).toEqual(
      expect.arrayContaining(['eventId', 'type', 'kommune', 'caseId', 'occurredAt', 'data']),
    );
    expect((await product.request('GET', '/api/docs')).status).toBe(200);
  });

  it('counts stored and rejected events in Prometheus metrics', async () => {
    await post(samples.helpRequested('SAG-0101901234'));
    const metrics = await product.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/case_events_stored_total\{type="HelpRequested"\} \d+/);
    expect(metrics.text).toMatch(/case_events_rejected_total\{rule="noCprNumber"\} [1-9]/);
    expect(metrics.text).toMatch(/case_events_request_duration_seconds_count\{shape="single"\} [1-9]/);
  });
});
