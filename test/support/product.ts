import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueToken, type Role } from '@tillidsbarometer/auth';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import type { Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { loadRuntimeConfig } from '@tillidsbarometer/runtime';
import { startStandalone } from '@tillidsbarometer/standalone';
import { freePort } from './service-process';

export interface Product {
  url: string;
  /** The application, to reach its services (e.g. to stop a projection before a rebuild). */
  app: NestFastifyApplication;
  /** The PostgreSQL URL of the product's database (undefined on PGlite). */
  databaseUrl: string | undefined;
  /** A direct connection to the product's database, to look at what was (not) stored. */
  db: Database;
  /** A signed bearer token for a role (and, for kommune roles, a kommune; "101" by default). */
  token(role: Role, kommune?: string, options?: { expiresInSeconds?: number; now?: Date }): Promise<string>;
  request(
    method: string,
    pathname: string,
    options?: { token?: string; body?: unknown; rawBody?: string; contentType?: string },
  ): Promise<Answer>;
  /** The number of events in the store. */
  eventCount(): Promise<number>;
  /** The JWT secret and keys file the product runs with (production configuration, not the embedded one). */
  jwtSecret: string;
  keysFile: string;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/**
 * The whole product in this process, over real HTTP, on a fresh PostgreSQL database of the local server (or an
 * in-memory PGlite), configured as in production: a JWT secret and a pseudonymisation keys file.
 */
export async function startProduct(options: { engine?: 'postgres' | 'pglite'; env?: Record<string, string> } = {}): Promise<Product> {
  const engine = options.engine ?? 'postgres';
  const directory = mkdtempSync(path.join(tmpdir(), 'tb-product-'));
  const keysFile = path.join(directory, 'pseudonymisation-keys.json');
  writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
  const jwtSecret = randomBytes(32).toString('base64url');
  const database: TestDatabase | undefined = engine === 'postgres' ? await createTestDatabase('postgres') : undefined;
  const port = await freePort();
  const config = loadRuntimeConfig({
    PORT: String(port),
    DATA_DIR: path.join(directory, 'data'),
    JWT_SECRET: jwtSecret,
    PSEUDONYMISATION_KEYS_FILE: keysFile,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'off',
    ...(database ? { DATABASE_URL: database.url! } : {}),
    ...options.env,
  });
  if (!database) config.pseudonymisationKeysFile = keysFile; // the embedded mode on PGlite, with the test's keys
  let app: NestFastifyApplication;
  try {
    let demo: Awaited<ReturnType<typeof startStandalone>>['demo'];
    ({ app, demo } = await startStandalone(config, { progress: 'silent' }));
    await demo?.finishing; // a test with demo data wants all of it, the national snapshots included
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const inspect = database ? database.connectAgain() : await pgliteOf(app);

  const product: Product = {
    url,
    app,
    databaseUrl: database?.url ?? options.env?.['DATABASE_URL'],
    db: inspect,
    jwtSecret,
    keysFile,
    token: (role, kommune = '101', tokenOptions = {}) =>
      issueToken(
        jwtSecret,
        { sub: `test-${role}`, role, ...(['source_system', 'kommune_staff', 'kommune_leader'].includes(role) ? { kommune } : {}) },
        tokenOptions,
      ),
    async request(method, pathname, { token, body, rawBody, contentType } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined || rawBody !== undefined) headers['content-type'] = contentType ?? 'application/json';
      const response = await fetch(`${url}${pathname}`, {
        method,
        headers,
        body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    async eventCount() {
      const { rows } = await inspect.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events');
      return rows[0]!.n;
    },
    async close() {
      await app.close();
      await database?.drop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return product;
}

/** On PGlite the product's own database object is the only connection there is. */
async function pgliteOf(app: NestFastifyApplication): Promise<Database> {
  const { DATABASE } = await import('@tillidsbarometer/event-store');
  return app.get<Database>(DATABASE, { strict: false });
}
