import { loadRuntimeConfig, stopOnSignals } from '@tillidsbarometer/runtime';
import { startStandalone } from './app';

/** `npm start`: the whole product in one process, on PGlite under ./data unless DATABASE_URL is set. */
async function main(): Promise<void> {
  const config = loadRuntimeConfig(process.env, 'tillidsbarometer-standalone');
  const { app, banner, demo } = await startStandalone(config);
  process.stdout.write(banner);
  stopOnSignals(app);
  // The demo's last steps run while the dashboard is served; a stop before they end finishes them on the next start.
  await demo?.finishing?.then(
    () => process.stdout.write('Demo data: complete (the national view has every kommune).\n'),
    (error: unknown) =>
      process.stdout.write(
        `Demo data: the national snapshots were interrupted (${(error as Error).message}); the next start finishes them.\n`,
      ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Tillidsbarometer could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
