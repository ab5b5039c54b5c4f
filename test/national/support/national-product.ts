import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueToken, type Role } from '@tillidsbarometer/auth';
import { BusModule, INTEGRATION_BUS, type IntegrationBus } from '@tillidsbarometer/bus';
import { CaseEventsModule } from '@tillidsbarometer/case-events';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { connectNodePostgres, DATABASE, type Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { NationalModule } from '@tillidsbarometer/national';
import { createServiceApp, loadRuntimeConfig, resolveSecrets, RuntimeModule } from '@tillidsbarometer/runtime';
import { TemperatureModule } from '@tillidsbarometer/temperature';
import { TrustMonitorModule } from '@tillidsbarometer/trust-monitor';
import { freePort } from '../../support/service-process';

export interface NationalProduct {
  url: string;
  app: NestFastifyApplication;
  /** The product's database (a second pool on PostgreSQL, the one connection on PGlite). */
  db: Database;
  databaseUrl: string | undefined;
  keysFile: string;
  jwtSecret: string;
  token(role: Role, kommune?: string): Promise<string>;
  request(
    method: string,
    pathname: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

/** A bus a test brings (e.g. one that fails on purpose), closed before the database as BusModule does. */
@Injectable()
class BusShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

function testBusModule(bus: (db: Database) => Promise<IntegrationBus>): DynamicModule {
  @Global()
  @Module({})
  class TestBusModule {}
  return {
    module: TestBusModule,
    global: true,
    providers: [{ provide: INTEGRATION_BUS, useFactory: (db: Database) => bus(db), inject: [DATABASE] }, BusShutdown],
    exports: [INTEGRATION_BUS],
  };
}

/**
 * The kommuner's side (case events, trust monitor with its national feed) and the national service in one process
 * over real HTTP, on a fresh PostgreSQL database (or PGlite), joined by the bus BusModule configures (in-process by
 * default, NATS with NATS_URL in `env`) unless the test gives one of its own. `national: false` leaves the national service out (the feed then only fills the bus).
 */
export async function startNationalProduct(
  options: {
    engine?: 'postgres' | 'pglite';
    env?: Record<string, string>;
    bus?: (db: Database) => Promise<IntegrationBus>;
    national?: boolean;
    kommuner?: boolean;
    /** An existing PostgreSQL database to start on (a restart after a crash); it is not dropped on close. */
    databaseUrl?: string;
    /** The temperature measurements too (their closes trigger snapshots). */
    temperature?: boolean;
  } = {},
): Promise<NationalProduct> {
  const engine = options.databaseUrl ? 'postgres' : (options.engine ?? 'postgres');
  const directory = mkdtempSync(path.join(tmpdir(), 'tb-national-'));
  const keysFile = path.join(directory, 'pseudonymisation-keys.json');
  writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
  const jwtSecret = randomBytes(32).toString('base64url');
  const database: TestDatabase | undefined =
    engine === 'postgres' && !options.databaseUrl ? await createTestDatabase('postgres') : undefined;
  const databaseUrl = options.databaseUrl ?? database?.url;
  const port = await freePort();
  const config = loadRuntimeConfig({
    PORT: String(port),
    DATA_DIR: path.join(directory, 'data'),
    JWT_SECRET: jwtSecret,
    PSEUDONYMISATION_KEYS_FILE: keysFile,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'off',
    NATIONAL_FEED_WEEKLY: 'off',
    NATIONAL_FEED_POLL_MS: '200',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  if (!databaseUrl) config.pseudonymisationKeysFile = keysFile;
  const imports = [
    RuntimeModule.forRoot(config, resolveSecrets(config)),
    // The product's own bus (BusModule: in-process unless NATS_URL or KAFKA_BROKERS is set), or the test's.
    options.bus ? testBusModule(options.bus) : BusModule.forRoot(config),
    ...(options.kommuner === false ? [] : [CaseEventsModule, TrustMonitorModule]),
    ...(options.temperature ? [TemperatureModule] : []),
    ...(options.national === false ? [] : [NationalModule]),
  ];
  @Module({})
  class NationalProductRoot {}
  let app: NestFastifyApplication;
  try {
    app = await createServiceApp({ module: NationalProductRoot, imports }, config);
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const db = database
    ? database.connectAgain()
    : databaseUrl
      ? connectNodePostgres({ connectionString: databaseUrl, onError: () => undefined })
      : app.get<Database>(DATABASE, { strict: false });
  return {
    url,
    app,
    db,
    databaseUrl,
    keysFile,
    jwtSecret,
    token: (role, kommune = '101') =>
      issueToken(jwtSecret, {
        sub: `test-${role}`,
        role,
        ...(['source_system', 'kommune_staff', 'kommune_leader'].includes(role) ? { kommune } : {}),
      }),
    async request(method, pathname, { token, body } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed, text };
    },
    async close() {
      await app.close();
      if (!database && databaseUrl) await db.close();
      await database?.drop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` resolves truthy; fails with `what` after `timeoutMs` (generous: the machine is shared). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
