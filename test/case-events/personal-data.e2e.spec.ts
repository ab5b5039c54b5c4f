import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { issueToken } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { caseEvent, samples } from '../support/case-event-samples';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';

/**
 * Pseudonymisation at the door (DOMAIN.md, Personal data): known citizen and caseworker ids go in through every
 * path (stored, duplicate, rejected, malformed); afterwards the whole database and everything the service wrote
 * to its logs are searched for them. Only their keyed HMACs may be found, and those only in the database.
 */
describe('raw person identifiers are never stored, logged or returned', () => {
  const citizenIds = ['0101901234', '2512489996', '311299-1113'];
  const caseworkerIds = ['anne.k@kommune.dk', 'CW-771234'];
  const everyId = [...citizenIds, ...caseworkerIds];
  let database: TestDatabase;
  let service: ServiceProcess;
  let directory: string;
  const answers: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'tb-personal-data-'));
    const keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    database = await createTestDatabase('postgres');
    const secret = randomBytes(32).toString('base64url');
    // trace: the most the service ever logs.
    service = await startService('apps/standalone/src/main.ts', {
      DATABASE_URL: database.url!,
      JWT_SECRET: secret,
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'trace',
      DATA_DIR: path.join(directory, 'data'),
    });
    await waitForStatus(service, '/health');
    const token = await issueToken(secret, { sub: 'case-system', role: 'source_system', kommune: '101' });
    const post = async (body: string) => {
      const response = await fetch(`${service.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      answers.push(await response.text());
      return response.status;
    };

    const opened = citizenIds.map((citizenId, i) => samples.helpRequested(`SAG-P${i}`, { citizenId }));
    expect(await post(JSON.stringify(opened))).toBe(200);
    expect(await post(JSON.stringify(opened[0]))).toBe(200); // duplicate
    expect(await post(JSON.stringify(samples.caseworker('SAG-P0', caseworkerIds[0]!)))).toBe(201);
    expect(await post(JSON.stringify(samples.caseworker('SAG-P0', caseworkerIds[1]!)))).toBe(201);
    // Rejected in every way that still carries the ids.
    expect(await post(JSON.stringify(samples.helpRequested('SAG-P0', { citizenId: citizenIds[0] })))).toBe(422); // second HelpRequested
    expect(await post(JSON.stringify({ ...samples.helpRequested('SAG-P9', { citizenId: citizenIds[1] }), extra: citizenIds[1] }))).toBe(
      422,
    );
    expect(await post(JSON.stringify(samples.helpRequested('SAG-P8', { citizenId: citizenIds[2], kommune: '147' })))).toBe(403);
    expect(
      await post(
        JSON.stringify(caseEvent('CaseworkerAssigned', { caseworkerId: caseworkerIds[0], reason: 'bogus' }, { caseId: 'SAG-P0' })),
      ),
    ).toBe(422);
    expect(await post(JSON.stringify(samples.helpRequested(`SAG-${citizenIds[0]}`)))).toBe(422); // a CPR number in caseId
    expect(await post(`{"citizenId": "${citizenIds[0]}", oops`)).toBe(400);
  }, 120_000);

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores only the keyed HMACs, which another method computes from the same key', async () => {
    const keys = JSON.parse(readFileSync(path.join(directory, 'keys.json'), 'utf8')) as Record<string, string>;
    const hmac = (kind: string, value: string) =>
      createHmac('sha256', Buffer.from(keys['101']!, 'base64')).update(`${kind}:${value}`).digest('hex');
    const dump = await dumpDatabase();
    for (const id of citizenIds) expect(dump).toContain(hmac('citizen', id));
    for (const id of caseworkerIds) expect(dump).toContain(hmac('caseworker', id));
  });

  it('has no raw identifier anywhere in the database', async () => {
    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(1_000); // the search covered real content
    for (const id of everyId) expect(dump).not.toContain(id);
  });

  it('returned none of them in any answer', () => {
    expect(answers).toHaveLength(10);
    for (const id of everyId) for (const answer of answers) expect(answer).not.toContain(id);
  });

  it('logged none of them, at log level trace', async () => {
    await service.stop('SIGTERM');
    const output = service.output();
    // The requests that carried the ids were logged (method, route and status), so the search covered them.
    expect(output.match(/"statusCode":422/g)?.length).toBeGreaterThanOrEqual(4);
    expect(output).toMatch(/"statusCode":403/);
    for (const id of everyId) expect(output).not.toContain(id);
  });

  /** Every row of every table in every schema of the database, as text. */
  async function dumpDatabase(): Promise<string> {
    const { rows: tables } = await database.db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(expect.arrayContaining(['event_store.events']));
    let dump = '';
    for (const { schema, name } of tables) {
      const { rows } = await database.db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      dump += rows.map((row) => row.row).join('\n');
    }
    return dump;
  }
});
