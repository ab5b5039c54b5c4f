import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@tillidsbarometer/event-store/testing';
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
    const first = await startService(STANDALONE, { DATA_DIR: dataDir });
    running.push(first);
    const health: unknown = await (await waitForStatus(first, '/health')).json();
    expect(health).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', engine: 'pglite' } } });
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(first.output()).toContain(`http://localhost:${first.port}`);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    const second = await startService(STANDALONE, { DATA_DIR: dataDir });
    running.push(second);
    await waitForStatus(second, '/health');
  }, 120_000);

  it('refuses to open a data directory another running process holds', async () => {
    const first = await startService(STANDALONE, { DATA_DIR: dataDir });
    running.push(first);
    await waitForStatus(first, '/health');
    const second = await startService(STANDALONE, { DATA_DIR: dataDir });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/is in use by process \d+/);
  }, 120_000);

  it('uses PostgreSQL when DATABASE_URL is set', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const service = await startService(STANDALONE, { DATA_DIR: dataDir, DATABASE_URL: database.url! });
      running.push(service);
      const health: unknown = await (await waitForStatus(service, '/health')).json();
      expect(health).toMatchObject({ info: { eventStore: { engine: 'postgres' } } });
      expect(await service.stop('SIGTERM')).toBe(0);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('stops with a message naming the setting when the configuration is wrong', async () => {
    const service = await startService(STANDALONE, { DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' });
    running.push(service);
    expect(await service.exited).toBe(1);
    expect(service.output()).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }, 60_000);
});
