import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthChecks, loadRuntimeConfig, resolveSecrets, RuntimeModule } from '@tillidsbarometer/runtime';
import type { IncomingMessage, IntegrationBus } from '../integration-bus.port';
import { INTEGRATION_BUS } from '../integration-bus.token';
import { startNatsServer, type NatsServerProcess } from '../testing/nats-server';
import { BusModule } from './bus.module';

/** A process with the runtime (PGlite under a temporary DATA_DIR) and the bus, as a service would have them. */
async function startApplication(env: Record<string, string>): Promise<{ app: INestApplicationContext; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bus-module-'));
  const config = loadRuntimeConfig({ DATA_DIR: dataDir, DEMO_DATA: 'off', LOG_LEVEL: 'silent', ...env });
  @Module({ imports: [RuntimeModule.forRoot(config, resolveSecrets(config)), BusModule.forRoot(config)] })
  class ApplicationModule {}
  const app = await NestFactory.createApplicationContext(ApplicationModule, { logger: false });
  await app.init();
  return { app, dataDir };
}

async function busHealth(app: INestApplicationContext): Promise<Record<string, unknown>> {
  const results = await Promise.all(
    app
      .get(HealthChecks)
      .all()
      .map((check) => check()),
  );
  return Object.assign({}, ...results) as Record<string, unknown>;
}

async function roundTrip(bus: IntegrationBus): Promise<IncomingMessage> {
  const received: IncomingMessage[] = [];
  const consumer = await bus.consume('module-check', async (message) => void received.push(message), { group: 'module-check' });
  await bus.publish('module-check', [{ key: '101', id: 'snapshot-1', value: Buffer.from('{}') }]);
  const deadline = Date.now() + 30_000;
  while (received.length === 0) {
    if (Date.now() > deadline) throw new Error('the message did not arrive in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await consumer.stop();
  return received[0]!;
}

describe('BusModule', () => {
  it('is the in-process bus in the product database by default: answers health, and closes with the application', async () => {
    const { app, dataDir } = await startApplication({});
    let closed = false;
    try {
      const bus = app.get<IntegrationBus>(INTEGRATION_BUS);
      expect(bus.kind).toBe('in-process');
      expect(await busHealth(app)).toMatchObject({ integrationBus: { status: 'up', transport: 'in-process' } });
      expect(await roundTrip(bus)).toMatchObject({ key: '101', id: 'snapshot-1', deliveryAttempt: 1 });
      await app.close();
      closed = true;
      await expect(bus.publish('module-check', [{ key: '101', id: 'snapshot-2', value: Buffer.from('{}') }])).rejects.toThrow('closed');
    } finally {
      if (!closed) await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  describe('with NATS_URL', () => {
    let server: NatsServerProcess;
    beforeAll(async () => {
      server = await startNatsServer();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('is NATS JetStream, and readiness reports the bus down while the server is gone', async () => {
      const { app, dataDir } = await startApplication({ NATS_URL: server.url, NATS_STREAM_REPLICAS: '1' });
      try {
        const bus = app.get<IntegrationBus>(INTEGRATION_BUS);
        expect(bus.kind).toBe('nats');
        expect(await busHealth(app)).toMatchObject({ integrationBus: { status: 'up', transport: 'nats' } });
        expect(await roundTrip(bus)).toMatchObject({ key: '101', id: 'snapshot-1' });
        await server.kill();
        expect(await busHealth(app)).toMatchObject({ integrationBus: { status: 'down', transport: 'nats' } });
        await server.restart();
        const deadline = Date.now() + 30_000;
        while (((await busHealth(app))['integrationBus'] as { status: string }).status !== 'up') {
          if (Date.now() > deadline) throw new Error('the bus did not come back up in 30 s after the server restarted');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 90_000);
  });
});
