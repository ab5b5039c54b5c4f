import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPGlite, type Database } from '@tillidsbarometer/event-store';
import { describeIntegrationBusConformance } from '../conformance/integration-bus.conformance';
import { InProcessBus } from './in-process-bus';

// The embedded shape: the log lives in the product's PGlite, on disk, so the "restart" closes and reopens it.
describeIntegrationBusConformance(
  'in-process on PGlite',
  async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bus-pglite-'));
    let db: Database = await openPGlite({ dataDir: path.join(dataDir, 'pglite') });
    return {
      ackTimeoutMs: 2_000,
      connect: () => InProcessBus.open(db),
      async restartTransport() {
        await db.close();
        db = await openPGlite({ dataDir: path.join(dataDir, 'pglite') });
      },
      async cleanup() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  {
    noConsumerProcess: 'PGlite is one process (its directory is locked to it); the PostgreSQL run of this suite kills a consumer process',
  },
);
