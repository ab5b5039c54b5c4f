import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { issueToken, Public } from '@tillidsbarometer/auth';
import { fieldError, validatePlain } from '@tillidsbarometer/domain';
import type { OidcLoginConfig } from '../dashboard.config';
import { DEMO_LOGIN_ROLES, DemoLoginRequest, isKommuneLoginRole } from './demo-login.request';

export const DASHBOARD_LOGIN = Symbol('DashboardLogin');

export interface DashboardLoginSettings {
  /** The generated development JWT secret of the embedded mode; undefined everywhere else (no demo login). */
  developmentJwtSecret: string | undefined;
  oidc: OidcLoginConfig | null;
}

/** Eight hours: a working day's session on a demo. */
const DEMO_TOKEN_SECONDS = 8 * 60 * 60;

/** How the dashboard signs people in: a demo login on the embedded mode, OIDC by configuration in production. */
@ApiTags('dashboard')
@Controller('api/v1/dashboard')
export class DashboardLoginHttpController {
  constructor(@Inject(DASHBOARD_LOGIN) private readonly settings: DashboardLoginSettings) {}

  @Get('login-options')
  @Public()
  @ApiOperation({
    summary: 'Which logins the dashboard offers',
    description: `{demo, oidc}: demo is true only in the embedded mode running with a generated development JWT secret; oidc names
the provider's authorization and token endpoints and the client id when OIDC_AUTHORIZATION_URL, OIDC_TOKEN_URL and
OIDC_CLIENT_ID are set.`,
  })
  loginOptions(): { demo: boolean; oidc: OidcLoginConfig | null } {
    return { demo: this.settings.developmentJwtSecret !== undefined, oidc: this.settings.oidc };
  }

  @Post('demo-login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A demo token for a chosen role and kommune (embedded mode with development secrets only)',
    description: `Signs a token with the generated development secret, valid for ${DEMO_TOKEN_SECONDS / 3600} hours. 404 whenever the JWT
secret was configured (JWT_SECRET, JWT_JWKS_URL): never with production keys.`,
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['role'],
      additionalProperties: false,
      properties: {
        role: { type: 'string', enum: [...DEMO_LOGIN_ROLES] },
        kommune: { type: 'string', pattern: '^\\d{3}$', description: 'required for kommune_leader and kommune_staff, left out otherwise' },
      },
    },
  })
  async demoLogin(@Body() body: unknown): Promise<{ token: string; expiresInSeconds: number }> {
    const secret = this.settings.developmentJwtSecret;
    if (secret === undefined)
      throw new NotFoundException('the demo login exists only in the embedded mode with a generated development secret');
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('the body must be a JSON object');
    const { instance, errors } = validatePlain(DemoLoginRequest, body as Record<string, unknown>);
    if (errors.length === 0 && !isKommuneLoginRole(instance.role) && instance.kommune !== undefined) {
      errors.push(fieldError('kommune', 'notAllowed', `must be left out for role ${instance.role}, which acts for no single kommune`));
    }
    if (errors.length > 0) throw new UnprocessableEntityException({ message: errors.map((e) => e.message).join('; '), errors });
    const sub = `demo-${instance.role.replace(/_/g, '-')}${instance.kommune ? `-${instance.kommune}` : ''}`;
    const token = await issueToken(
      secret,
      { sub, role: instance.role, ...(instance.kommune ? { kommune: instance.kommune } : {}) },
      { expiresInSeconds: DEMO_TOKEN_SECONDS },
    );
    return { token, expiresInSeconds: DEMO_TOKEN_SECONDS };
  }
}
