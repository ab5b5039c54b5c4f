import { loadRuntimeConfig, stopOnSignals } from '@tillidsbarometer/runtime';
import { startStandalone } from './app';

/** `npm start`: the whole product in one process, on PGlite under ./data unless DATABASE_URL is set. */
async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env, 'tillidsbarometer-standalone');
  const { app, banner } = await startStandalone(config);
  process.stdout.write(banner);
  stopOnSignals(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`Tillidsbarometer could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
