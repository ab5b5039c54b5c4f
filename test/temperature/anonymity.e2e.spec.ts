import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { hashSurveyToken } from '@tillidsbarometer/temperature';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';
import { answersFor, eventually, inSeconds } from './survey-helpers';

/**
 * The anonymity a respondent is promised, checked where it would fail: the temperature service runs on its own
 * (its main.ts, as deployed) on a fresh PostgreSQL database with request logging at info; twelve people answer,
 * through the API and through the page; then every table of the database and the service's log are searched.
 */
describe('anonymity of responses', () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let directory: string;
  let leader: string;
  let round: { id: string; tokens: { citizen: string[]; caseworker: string[] } };
  const call = async (method: string, pathname: string, options: { token?: string; body?: unknown; form?: string } = {}) => {
    const headers: Record<string, string> = { 'user-agent': 'Respondent-Browser/1.0 (unique-agent-marker)' };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${service.url}${pathname}`, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    directory = mkdtempSync(path.join(tmpdir(), 'tb-anonymity-'));
    const keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    const jwtSecret = randomBytes(32).toString('base64url');
    service = await startService('apps/temperature/src/main.ts', {
      DATABASE_URL: database.url!,
      JWT_SECRET: jwtSecret,
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'info',
      SURVEY_TICK_MS: '200',
    });
    await waitForStatus(service, '/health');
    leader = await issueToken(jwtSecret, { sub: 'leader-101', role: 'kommune_leader', kommune: '101' });
    const created = await call('POST', '/api/v1/kommuner/101/measurements', {
      token: leader,
      body: {
        title: 'Anonymitet',
        roles: ['citizen', 'caseworker'],
        closesAt: inSeconds(3_600),
        tokensPerRole: { citizen: 7, caseworker: 6 },
      },
    });
    expect(created.status).toBe(201);
    round = created.json() as typeof round;

    // Seven citizens by the API, five caseworkers through the page's form; one caseworker token stays unused.
    for (const [index, token] of round.tokens.citizen.entries()) {
      const answer = await call('POST', `/api/v1/measurements/${round.id}/responses`, {
        body: { token, answers: answersFor('citizen', index % 4 === 0 ? 'ved_ikke' : ((index % 4) as 1 | 2 | 3)), timing: 'noget_sent' },
      });
      expect(answer.status).toBe(202);
    }
    for (const token of round.tokens.caseworker.slice(0, 5)) {
      const form = new URLSearchParams({ department: 'jobcenter', timing: 'i_rette_tid' });
      for (const [id, value] of Object.entries(answersFor('caseworker', 2))) form.set(`answers.${id}`, String(value));
      expect((await call('GET', `/svar/${token}`)).status).toBe(200);
      const posted = await call('POST', `/svar/${token}`, { form: form.toString() });
      expect(posted.status).toBe(303);
    }
    // Twelve responses: two batches of at least 5 reach the store on their own ...
    await eventually(
      async () => (await call('GET', `/api/v1/measurements/${round.id}`, { token: leader })).json(),
      (summary) => {
        const responses = summary['responses'] as Record<string, number>;
        return responses['citizen']! + responses['caseworker']! >= 10;
      },
    );
    // ... and the remainder with the close.
    expect((await call('POST', `/api/v1/measurements/${round.id}/close`, { token: leader })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const everyTable = async () => {
    const { rows: tables } = await database.db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const contents: Array<{ table: string; row: string }> = [];
    for (const { schema, name } of tables) {
      const { rows } = await database.db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      contents.push(...rows.map(({ row }) => ({ table: `${schema}.${name}`, row })));
    }
    return contents;
  };
  const allTokens = () => [...round.tokens.citizen, ...round.tokens.caseworker];

  it('stores no token anywhere, and a token’s hash only in the token tables and MeasurementCreated', async () => {
    const rows = await everyTable();
    expect(rows.some(({ table }) => table === 'temperature.response_pool')).toBe(false); // emptied by the close
    for (const token of allTokens()) {
      expect(rows.filter(({ row }) => row.includes(token) || row.includes(token.toUpperCase()))).toEqual([]);
      const hash = hashSurveyToken(token);
      const holders = rows.filter(({ row }) => row.includes(hash));
      for (const { table, row } of holders) {
        const allowed =
          table === 'temperature.tokens' ||
          table === 'temperature.unused_tokens' ||
          (table === 'event_store.events' && row.includes('MeasurementCreated'));
        expect({ table, allowed }).toEqual({ table, allowed: true });
      }
    }
    // The used tokens are gone from the unused ones; the one never used is still there.
    const { rows: unused } = await database.db.query<{ token_hash: string }>('SELECT token_hash FROM temperature.unused_tokens');
    expect(unused.map((row) => row.token_hash)).toEqual([hashSurveyToken(round.tokens.caseworker[5]!)]);
  });

  it('stores each response as role, department, answers and timing only, in batches of at least 5 or with the close', async () => {
    const { rows } = await database.db.query<{
      event_type: string;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      tx: string;
    }>(
      `SELECT event_type, data, metadata, transaction_id::text AS tx FROM event_store.events
       WHERE stream_name = $1 ORDER BY stream_position`,
      [`measurement-101-${round.id}`],
    );
    expect(rows.map((row) => row.event_type)).toEqual([
      'MeasurementCreated',
      'MeasurementOpened',
      'ResponsesRecorded',
      'ResponsesRecorded',
      'ResponsesRecorded',
      'MeasurementClosed',
    ]);
    const batches = rows.filter((row) => row.event_type === 'ResponsesRecorded');
    const closeTx = rows.at(-1)!.tx;
    let total = 0;
    for (const batch of batches) {
      expect(Object.keys(batch.data).sort()).toEqual(['kommune', 'measurementId', 'responses']);
      expect(batch.metadata).toEqual({});
      const responses = batch.data['responses'] as Array<Record<string, unknown>>;
      total += responses.length;
      for (const response of responses) expect(Object.keys(response).sort()).toEqual(['answers', 'department', 'role', 'timing']);
      // At least 5 written together, unless it is the remainder written in the close's own transaction.
      expect(responses.length >= 5 || batch.tx === closeTx).toBe(true);
    }
    expect(total).toBe(12);
    // Each batch is its own transaction: the responses of a batch share everything the database knows about time.
    expect(new Set(batches.map((batch) => batch.tx)).size).toBe(3);
  });

  it('keeps no time, id or token column beside a pooled response or a token', async () => {
    const { rows } = await database.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'temperature' AND table_name <> 'measurements'
       ORDER BY table_name, ordinal_position`,
    );
    expect(rows.map((row) => `${row.table_name}.${row.column_name}`)).toEqual([
      'response_pool.measurement_id',
      'response_pool.response',
      'tokens.token_hash',
      'tokens.measurement_id',
      'tokens.role',
      'unused_tokens.token_hash',
    ]);
  });

  it('logs the page as /svar/[token], and no token, hash, user agent or client address', () => {
    const log = service.output();
    expect(log).toContain('"url":"/svar/[token]"');
    for (const token of allTokens()) {
      expect(log).not.toContain(token);
      expect(log).not.toContain(hashSurveyToken(token));
    }
    expect(log).not.toContain('unique-agent-marker');
    expect(log).not.toMatch(/remoteAddress|remotePort|user-agent/i);
  });
});
