import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueDemoTokens } from '@tillidsbarometer/auth';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { ConfigurationError, createServiceApp, resolveSecrets, type RuntimeConfig } from '@tillidsbarometer/runtime';
import { DEMO_SCALE } from './demo/demo-plan';
import { DEMO_BACKGROUND_STEPS, DEMO_STEPS } from './demo/demo-steps';
import { silentProgress, terminalProgress, type DemoProgress } from './demo/demo-progress';
import { seedDemoData, type SeedOutcome } from './demo/seed-demo-data';
import { StandaloneModule } from './standalone.module';

export interface StartedStandalone {
  app: NestFastifyApplication;
  /** What to tell the person who started it: where it runs, and in the embedded mode the demo tokens. */
  banner: string;
  /** What the demo seeding did (undefined when DEMO_DATA is off or the store is PostgreSQL). */
  demo?: SeedOutcome;
}

export interface StartOptions {
  /** Where the demo seeding reports its progress: stdout by default; tests pass `silentProgress`. */
  progress?: DemoProgress | 'silent';
}

/** Builds and starts the standalone application; tests start it the same way on a port of their own. */
export async function startStandalone(config: RuntimeConfig, options: StartOptions = {}): Promise<StartedStandalone> {
  const secrets = resolveSecrets(config);
  const demoScale = readDemoScale(config);
  const demoKommuner = readDemoKommuner(config);
  const app = await createServiceApp(StandaloneModule.register(config, secrets), config);
  let demo: SeedOutcome | undefined;
  if (config.demoData) {
    const progress = options.progress === 'silent' ? silentProgress : (options.progress ?? terminalProgress());
    try {
      demo = await seedDemoData(app, {
        now: new Date(),
        scale: demoScale,
        kommuner: demoKommuner,
        progress,
        steps: DEMO_STEPS,
        backgroundSteps: DEMO_BACKGROUND_STEPS,
      });
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `Tillidsbarometer is running on ${url} (store: ${config.embedded ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'})`,
    `  dashboard: ${url}/   health: ${url}/health   API: ${url}/api/docs`,
  ];
  if (demo) lines.push(demoSummary(demo));
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
  if (secrets.development.jwtSecret) {
    lines.push(
      '',
      `Demo logins at ${url}/ : choose a kommune and a role, for example`,
      '  København (101) as "Ledelse (kommune)"          the kommune view, the cases, the measurements',
      '  Aarhus (751) as "Teamleder / medarbejder (kommune)" the kommune view and the cases',
      '  "Partnerskabets sekretariat (nationalt)"          the national view of all 98 kommuner',
    );
  }
  return { app, banner: `${lines.join('\n')}\n\n`, demo };
}

function demoSummary(demo: SeedOutcome): string {
  if (demo.status === 'seeded') {
    return (
      `  demo data: ${demo.events} case events seeded in ${demo.seconds.toFixed(1)} s; the kommuner are publishing their first ` +
      'national snapshots now (about half a minute): the national view fills in as they arrive'
    );
  }
  if (demo.status === 'already-seeded') return '  demo data: seeded on an earlier start (DEMO_DATA=off starts without it)';
  return '  demo data: not seeded, the store already holds other data';
}

/** DEMO_SCALE [0.01]: the demo generator's scale, for a smaller (tests) or larger demo. */
function readDemoScale(config: RuntimeConfig): number {
  const value = config.env['DEMO_SCALE'];
  if (value === undefined || value === '') return DEMO_SCALE;
  const scale = Number(value);
  if (!(scale > 0 && scale <= 2)) throw new ConfigurationError(`DEMO_SCALE must be a number in (0, 2], got ${value}`);
  return scale;
}

/** DEMO_KOMMUNER [all 98]: a comma-separated list of kommune codes, for a smaller demo (tests). */
function readDemoKommuner(config: RuntimeConfig): string[] | undefined {
  const value = config.env['DEMO_KOMMUNER'];
  if (value === undefined || value === '') return undefined;
  const codes = value.split(',').map((code) => code.trim());
  const unknown = codes.filter((code) => !isKommuneCode(code));
  if (unknown.length > 0)
    throw new ConfigurationError(`DEMO_KOMMUNER must list kommune codes, e.g. 101,751; unknown: ${unknown.join(', ')}`);
  return codes;
}
