import type { INestApplication } from '@nestjs/common';

/**
 * SIGTERM or SIGINT: close the application (subscriptions stop, the store closes, PGlite writes its files and
 * releases its directory), then exit 0; exit 1 if that fails.
 */
export function stopOnSignals(app: INestApplication): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`did not stop cleanly: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}
