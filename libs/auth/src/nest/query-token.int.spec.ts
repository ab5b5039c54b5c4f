import 'reflect-metadata';
import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueDemoTokens } from '../token-issuer';
import { AuthModule } from './auth.module';
import { QueryToken, Roles } from './roles.decorator';

const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';

@Controller('k/:kommune')
class ProbeController {
  @Roles('kommune_staff')
  @QueryToken()
  @Get('stream')
  stream(@Param('kommune') kommune: string) {
    return { kommune };
  }

  @Roles('kommune_staff')
  @Get('plain')
  plain(@Param('kommune') kommune: string) {
    return { kommune };
  }
}

@Module({ imports: [AuthModule.forRoot({ jwtSecret: SECRET })], controllers: [ProbeController] })
class ProbeModule {}

/** `@QueryToken()`: the bearer token as `?access_token=` (RFC 6750 2.3) on the routes that say so, and nowhere else. */
describe('AuthGuard with @QueryToken over real HTTP', () => {
  let app: INestApplication;
  let base: string;
  let tokens: Awaited<ReturnType<typeof issueDemoTokens>>;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    tokens = await issueDemoTokens(SECRET, '101');
  });
  afterAll(async () => app.close());

  const status = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${base}${path}`, { headers })).status;

  it('accepts the token as access_token where the route allows it, with the same role and tenancy rules', async () => {
    expect(await status(`/k/101/stream?access_token=${tokens.kommune_staff}`)).toBe(200);
    expect(await status(`/k/851/stream?access_token=${tokens.kommune_staff}`)).toBe(403);
    expect(await status(`/k/101/stream?access_token=${tokens.secretariat}`)).toBe(403);
    expect(await status('/k/101/stream?access_token=not-a-token')).toBe(401);
    expect(await status('/k/101/stream?access_token=')).toBe(401);
    expect(await status('/k/101/stream')).toBe(401);
    // The header still works, and wins over the parameter.
    expect(await status('/k/101/stream?access_token=not-a-token', { authorization: `Bearer ${tokens.kommune_staff}` })).toBe(200);
  });

  it('ignores access_token on every other route', async () => {
    expect(await status(`/k/101/plain?access_token=${tokens.kommune_staff}`)).toBe(401);
    expect(await status('/k/101/plain', { authorization: `Bearer ${tokens.kommune_staff}` })).toBe(200);
  });
});
