import { loadConfig } from './config';
import { startStandalone } from './app';

/** `npm start`: the whole product in one process, on PGlite under ./data unless DATABASE_URL is set. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startStandalone(config);
  const where = config.database.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.database.dataDir}`;
  process.stdout.write(
    `\nTillidsbarometer is running on http://localhost:${config.port} (store: ${where})\n` +
      `  health: http://localhost:${config.port}/health\n\n`,
  );
  // A clean stop closes the store (PGlite writes its files and releases the directory), then exits 0.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`Tillidsbarometer did not stop cleanly: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Tillidsbarometer could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
