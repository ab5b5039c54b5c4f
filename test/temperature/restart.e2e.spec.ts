import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';
import { answersFor, eventually, inSeconds } from './survey-helpers';

/**
 * The temperature service killed (SIGKILL) while a round is open and a response waits in the mix pool; its closesAt
 * passes while it is down. Started again, it closes the round by time at closesAt, with every acknowledged response.
 */
describe('a round across a crash of the temperature service', () => {
  let database: TestDatabase;
  let directory: string;
  let env: Record<string, string>;
  let service: ServiceProcess | undefined;
  let jwtSecret: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    directory = mkdtempSync(path.join(tmpdir(), 'tb-restart-'));
    const keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    jwtSecret = randomBytes(32).toString('base64url');
    env = {
      DATABASE_URL: database.url!,
      JWT_SECRET: jwtSecret,
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'warn',
      SURVEY_TICK_MS: '200',
    };
  });
  afterAll(async () => {
    await service?.stop('SIGKILL');
    await database?.drop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('closes by time after the restart, losing no pooled response', async () => {
    service = await startService('apps/temperature/src/main.ts', env);
    await waitForStatus(service, '/health');
    const leader = await issueToken(jwtSecret, { sub: 'leader-101', role: 'kommune_leader', kommune: '101' });
    const call = (url: string, pathname: string, method = 'GET', body?: unknown) =>
      fetch(`${url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${leader}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const closesAt = inSeconds(6);
    const created = await call(service.url, '/api/v1/kommuner/101/measurements', 'POST', {
      title: 'Nedbrud',
      roles: ['citizen'],
      closesAt,
      tokensPerRole: 6,
    });
    const round = (await created.json()) as { id: string; tokens: { citizen: string[] } };
    for (const token of round.tokens.citizen) {
      const answer = await call(service.url, `/api/v1/measurements/${round.id}/responses`, 'POST', {
        token,
        answers: answersFor('citizen', 1),
      });
      expect(answer.status).toBe(202);
    }
    // Five went to the store as a batch; the sixth waits in the pool when the process dies.
    await eventually(
      async () => (await (await call(service!.url, `/api/v1/measurements/${round.id}`)).json()) as { responses: { citizen: number } },
      (summary) => summary.responses.citizen === 5,
    );
    const { rows: pooled } = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM temperature.response_pool');
    expect(pooled[0]!.n).toBe(1);
    await service.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(closesAt) - Date.now() + 500)));

    service = await startService('apps/temperature/src/main.ts', env);
    await waitForStatus(service, '/health');
    const closed = await eventually(
      async () => (await (await call(service!.url, `/api/v1/measurements/${round.id}`)).json()) as Record<string, unknown>,
      (summary) => summary['status'] === 'closed',
    );
    expect(closed).toMatchObject({ closedBy: 'time', closedAt: new Date(closesAt).toISOString(), responses: { citizen: 6 } });
    const { rows: events } = await database.db.query<{ event_type: string }>(
      'SELECT event_type FROM event_store.events WHERE stream_name = $1 ORDER BY stream_position',
      [`measurement-101-${round.id}`],
    );
    expect(events.map((e) => e.event_type)).toEqual([
      'MeasurementCreated',
      'MeasurementOpened',
      'ResponsesRecorded',
      'ResponsesRecorded',
      'MeasurementClosed',
    ]);
  }, 90_000);
});
