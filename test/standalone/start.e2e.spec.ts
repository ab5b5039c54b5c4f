import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
import { samples } from '../support/case-event-samples';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';

const STANDALONE = 'apps/standalone/src/main.ts';

describe('npm start (apps/standalone)', () => {
  let dataDir: string;
  const running: ServiceProcess[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tb-standalone-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /health on PGlite under DATA_DIR, stops cleanly on SIGTERM and starts again on the same files', async () => {
    const first = await startService(STANDALONE, { DATA_DIR: dataDir, DEMO_DATA: 'off' });
    running.push(first);
    const health: unknown = await (await waitForStatus(first, '/health')).json();
    expect(health).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', engine: 'pglite' } } });
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(first.output()).toContain(`http://localhost:${first.port}`);

    // The printed demo token posts an event (the README's curl does the same).
    const token = demoToken(first.output(), 'source_system');
    const event = samples.helpRequested('SAG-DEMO-1');
    expect((await postEvent(first.url, token, event)).status).toBe(201);
    expect(first.output()).toMatch(/WARNING: development secrets/);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    // Started again on the same files: the event is still there and the earlier demo token still works
    // (the development secret is kept under DATA_DIR).
    const second = await startService(STANDALONE, { DATA_DIR: dataDir, DEMO_DATA: 'off' });
    running.push(second);
    await waitForStatus(second, '/health');
    const again = await postEvent(second.url, token, event);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
  }, 120_000);

  it('refuses to open a data directory another running process holds', async () => {
    const first = await startService(STANDALONE, { DATA_DIR: dataDir, DEMO_DATA: 'off' });
    running.push(first);
    await waitForStatus(first, '/health');
    const second = await startService(STANDALONE, { DATA_DIR: dataDir, DEMO_DATA: 'off' });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/is in use by process \d+/);
  }, 120_000);

  it('uses PostgreSQL when DATABASE_URL is set, with the secrets of production', async () => {
    const database = await createTestDatabase('postgres');
    const keysFile = path.join(dataDir, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    try {
      const service = await startService(STANDALONE, {
        DATA_DIR: dataDir,
        DATABASE_URL: database.url!,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        PSEUDONYMISATION_KEYS_FILE: keysFile,
      });
      running.push(service);
      const health: unknown = await (await waitForStatus(service, '/health')).json();
      expect(health).toMatchObject({ info: { eventStore: { engine: 'postgres' } } });
      expect(await service.stop('SIGTERM')).toBe(0);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      expect(service.output()).not.toMatch(/Demo tokens/);
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('refuses to run on PostgreSQL with development secrets', async () => {
    const service = await startService(STANDALONE, { DATA_DIR: dataDir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' });
    running.push(service);
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain('with DATABASE_URL set, JWT_SECRET or JWT_JWKS_URL must be set too');
  }, 60_000);

  it('stops with a message naming the setting when the configuration is wrong', async () => {
    const service = await startService(STANDALONE, { DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' });
    running.push(service);
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }, 60_000);
});

function demoToken(output: string, role: string): string {
  const token = new RegExp(`^\\s+${role}\\s+(\\S+)$`, 'm').exec(output)?.[1];
  if (!token) throw new Error(`no demo token for ${role} in:\n${output}`);
  return token;
}

function postEvent(url: string, token: string, event: object): Promise<Response> {
  return fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
}
