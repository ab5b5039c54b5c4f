import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Principal } from '../principal';
import { issueDemoTokens, issueToken } from '../token-issuer';
import { AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { assertKommuneAccess } from './kommune-access';
import { Public, Roles } from './roles.decorator';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';

@Controller()
class ProbeController {
  @Public()
  @Get('health')
  health() {
    return { ok: true };
  }

  @Roles('kommune_staff')
  @Get('k/:kommune/things')
  things(@Param('kommune') kommune: string, @CurrentPrincipal() principal: Principal) {
    return { kommune, subject: principal.subject };
  }

  @Get('forgotten')
  forgotten() {
    return { oops: true };
  }

  @Roles('secretariat')
  @Get('national')
  national() {
    return { national: true };
  }

  @Roles('source_system')
  @Post('events')
  events(@Body() body: { kommune: string }, @CurrentPrincipal() principal: Principal) {
    assertKommuneAccess(principal, body.kommune);
    return { accepted: true };
  }
}

@Module({ imports: [AuthModule.forRoot({ jwtSecret: SECRET })], controllers: [ProbeController] })
class ProbeModule {}

describe('AuthGuard over real HTTP (Fastify)', () => {
  let app: INestApplication;
  let base: string;
  let tokens: Awaited<ReturnType<typeof issueDemoTokens>>;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    tokens = await issueDemoTokens(SECRET, '101');
  });

  afterAll(async () => {
    await app.close();
  });

  const call = async (path: string, token?: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    const response = await fetch(`${base}${path}`, { ...init, headers });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('lets anyone call a @Public route', async () => {
    expect(await call('/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token, or with another scheme', async () => {
    const missing = await call('/k/101/things');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body.message).toBe('no bearer token was given');

    const basic = await call('/k/101/things', undefined, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(basic.body.message).toMatch(/not of the form "Bearer <token>"/);
  });

  it('answers 401 for an expired token, saying so without echoing it', async () => {
    const expired = await issueToken(
      SECRET,
      { sub: 'u', role: 'kommune_staff', kommune: '101' },
      { now: new Date(Date.now() - 7200_000), expiresInSeconds: 3600 },
    );
    const response = await call('/k/101/things', expired);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body.message).toBe('the token has expired');
    expect(JSON.stringify(response.body)).not.toContain(expired.split('.')[1]);
  });

  it('answers 200 for the own kommune, with any case of the scheme', async () => {
    expect(await call('/k/101/things', tokens.kommune_staff)).toMatchObject({
      status: 200,
      body: { kommune: '101', subject: 'demo-kommune-staff-101' },
    });
    const lowercase = await call('/k/101/things', undefined, { headers: { authorization: `bearer ${tokens.kommune_staff}` } });
    expect(lowercase.status).toBe(200);
  });

  it('answers 403 for another kommune', async () => {
    const response = await call('/k/851/things', tokens.kommune_staff);
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('a token for kommune 101 cannot access kommune 851');
  });

  it('answers 403 for a role the route does not allow, naming the role and the allowed ones', async () => {
    const response = await call('/k/101/things', tokens.kommune_leader);
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('role kommune_leader may not call this route; allowed: kommune_staff, admin');
    expect((await call('/national', tokens.kommune_staff)).status).toBe(403);
  });

  it('answers 403 on a route that names no roles, even for admin: deny by default', async () => {
    for (const token of [tokens.kommune_staff, tokens.admin]) {
      const response = await call('/forgotten', token);
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/names no roles/);
    }
    expect((await call('/forgotten')).status).toBe(401);
  });

  it('lets admin call every route with roles, for every kommune', async () => {
    expect((await call('/k/101/things', tokens.admin)).status).toBe(200);
    expect((await call('/k/851/things', tokens.admin)).status).toBe(200);
    expect((await call('/national', tokens.admin)).status).toBe(200);
  });

  it('keeps the secretariat to the national routes', async () => {
    expect((await call('/national', tokens.secretariat)).status).toBe(200);
    expect((await call('/k/101/things', tokens.secretariat)).status).toBe(403);
  });

  it('applies the tenancy rule to a kommune in a request body with assertKommuneAccess', async () => {
    const post = (kommune: string, token: string) =>
      call('/events', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kommune }) });
    expect((await post('101', tokens.source_system)).status).toBe(201);
    const foreign = await post('851', tokens.source_system);
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('a token for kommune 101 cannot access kommune 851');
    expect((await post('851', tokens.admin)).status).toBe(201);
  });
});

describe('assertKommuneAccess', () => {
  it('allows the own kommune and admin, and refuses another kommune and the secretariat', () => {
    expect(() => assertKommuneAccess({ subject: 's', role: 'kommune_leader', kommune: '101' }, '101')).not.toThrow();
    expect(() => assertKommuneAccess({ subject: 'a', role: 'admin' }, '851')).not.toThrow();
    expect(() => assertKommuneAccess({ subject: 's', role: 'kommune_leader', kommune: '101' }, '851')).toThrow(
      'a token for kommune 101 cannot access kommune 851',
    );
    expect(() => assertKommuneAccess({ subject: 'n', role: 'secretariat' }, '101')).toThrow(
      'role secretariat cannot access the data of kommune 101',
    );
  });
});
