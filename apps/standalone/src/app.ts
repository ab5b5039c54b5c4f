import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueDemoTokens } from '@tillidsbarometer/auth';
import { createServiceApp, resolveSecrets, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { StandaloneModule } from './standalone.module';

export interface StartedStandalone {
  app: NestFastifyApplication;
  /** What to tell the person who started it: where it runs, and in the embedded mode the demo tokens. */
  banner: string;
}

/** Builds and starts the standalone application; tests start it the same way on a port of their own. */
export async function startStandalone(config: RuntimeConfig): Promise<StartedStandalone> {
  const secrets = resolveSecrets(config);
  const app = await createServiceApp(StandaloneModule.register(config, secrets), config);
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `Tillidsbarometer is running on ${url} (store: ${config.embedded ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'})`,
    `  health: ${url}/health   API: ${url}/api/docs`,
  ];
  if (secrets.development.jwtSecret || secrets.development.pseudonymisationKeys) {
    lines.push(
      '',
      `WARNING: development secrets in ${config.dataDir} (a generated JWT secret and pseudonymisation keys).`,
      '         Never use them for real data: set JWT_SECRET or JWT_JWKS_URL and PSEUDONYMISATION_KEYS_FILE.',
    );
  }
  if (secrets.development.jwtSecret && secrets.auth.jwtSecret) {
    const tokens = await issueDemoTokens(secrets.auth.jwtSecret, '101');
    lines.push('', 'Demo tokens (kommune 101 København; valid 30 days; `Authorization: Bearer <token>`):');
    for (const [role, token] of Object.entries(tokens)) lines.push(`  ${role.padEnd(15)} ${token}`);
  }
  return { app, banner: `${lines.join('\n')}\n\n` };
}
