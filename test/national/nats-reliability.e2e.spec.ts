import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KOMMUNE_SNAPSHOTS_TOPIC, NatsBus } from '@tillidsbarometer/bus';
import { startNatsServer, type NatsServerProcess } from '@tillidsbarometer/bus/testing';
import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import type { Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { generateHistory } from '@tillidsbarometer/testing';
import { SnapshotPublisher, TrustProjectionService } from '@tillidsbarometer/trust-monitor';
import { loadHistory } from '../support/load-history';
import type { Product } from '../support/product';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';
import { fixtureSnapshot } from './support/snapshot-fixtures';
import { eventually, startNationalProduct, type NationalProduct } from './support/national-product';

/*
 * The national feed over a real NATS JetStream of the test's own (a nats-server on a free port with its own store):
 * the kommuner's trust monitor (this process, PostgreSQL) publishes real snapshots through its outbox; the national
 * service runs as a child process from the compiled dist/ with a database of its own. The consumer is killed while
 * kommuner publish, NATS itself is killed and restarted during publishing, and bad messages sit in front of good
 * ones: every snapshot arrives, once.
 */

const KOMMUNER = KOMMUNE_CODES.slice(0, 24);

describe('the national feed over NATS', () => {
  let nats: NatsServerProcess;
  let kommuner: NationalProduct;
  let nationalDatabase: TestDatabase;
  let nationalDb: Database;
  let national: ServiceProcess | undefined;
  let directory: string;
  let keysFile: string;

  const startNational = async () => {
    national = await startService('apps/national/src/main.ts', {
      DATABASE_URL: nationalDatabase.url!,
      NATS_URL: nats.url,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PSEUDONYMISATION_KEYS_FILE: keysFile,
      LOG_LEVEL: 'info',
      BUS_ACK_TIMEOUT_MS: '2000',
    });
    await waitForStatus(national, '/health', 200, 90_000);
  };
  const outboxIds = async () =>
    (await kommuner.db.query<{ snapshot_id: string }>('SELECT snapshot_id FROM national_feed.snapshots ORDER BY seq')).rows.map(
      (r) => r.snapshot_id,
    );
  const storedIds = async () =>
    (await nationalDb.query<{ snapshot_id: string }>('SELECT snapshot_id FROM national.snapshots')).rows.map((r) => r.snapshot_id);
  const unsent = async () =>
    (await kommuner.db.query<{ n: number }>('SELECT count(*)::int AS n FROM national_feed.snapshots WHERE published_at IS NULL')).rows[0]!
      .n;

  /** Every snapshot in the kommuner' outbox is in the national store, and nothing else is (ids are its primary key). */
  const expectEverySnapshotOnce = async () => {
    await eventually('the outbox to be sent', async () => (await unsent()) === 0, 120_000);
    const sent = await outboxIds();
    await eventually(`all ${sent.length} snapshots stored nationally`, async () => (await storedIds()).length >= sent.length, 120_000);
    expect(new Set(await storedIds())).toEqual(new Set(sent));
    expect((await storedIds()).length).toBe(sent.length);
  };

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'tb-national-nats-'));
    keysFile = path.join(directory, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(Object.fromEntries(KOMMUNE_CODES.map((code) => [code, randomBytes(32).toString('base64')]))));
    nats = await startNatsServer();
    nationalDatabase = await createTestDatabase('postgres');
    nationalDb = nationalDatabase.connectAgain();
    kommuner = await startNationalProduct({ national: false, env: { NATS_URL: nats.url } });
    const history = generateHistory({
      seed: 7_707,
      kommuner: KOMMUNER,
      from: '2025-11-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
      scale: 0.05,
    });
    await loadHistory(kommuner as unknown as Product, { deadlines: history.deadlines, events: history.events() });
    await kommuner.app.get(TrustProjectionService).caughtUp();
    await startNational();
  }, 300_000);

  afterAll(async () => {
    await national?.stop('SIGKILL');
    await kommuner?.close();
    await nationalDatabase?.drop();
    await nats?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('delivers every snapshot once when the national consumer is killed while kommuner publish and started again', async () => {
    const publishing = kommuner.app.get(SnapshotPublisher).publishAllSnapshots({ kommuner: KOMMUNER });
    await eventually('the first snapshots to arrive', async () => (await storedIds()).length >= 3, 120_000);
    await national!.stop('SIGKILL'); // a crash, in the middle of the kommuner's publishing
    await publishing;
    await eventually('the outbox to be sent while the consumer is down', async () => (await unsent()) === 0, 120_000);
    const whileDown = (await storedIds()).length;
    expect(whileDown).toBeLessThan(KOMMUNER.length);
    await startNational();
    await expectEverySnapshotOnce();
  }, 300_000);

  it('loses nothing when NATS itself is killed and restarted during publishing', async () => {
    const before = (await outboxIds()).length;
    let done = false;
    const publishing = kommuner.app
      .get(SnapshotPublisher)
      .publishAllSnapshots({ kommuner: KOMMUNER })
      .finally(() => (done = true));
    await eventually(
      'some of the round to be sent',
      async () => (await outboxIds()).length - before >= 4 && (await unsent()) < (await outboxIds()).length - before,
      120_000,
    );
    await nats.kill();
    expect(done).toBe(false); // the kill lands in the middle of the round
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // down for a while: the relay's publishes wait and retry
    await nats.restart();
    await publishing;
    expect((await outboxIds()).length).toBe(before + KOMMUNER.length);
    await expectEverySnapshotOnce();
  }, 300_000);

  it('parks a malformed and an unknown-version snapshot with a log line, and stores the ones behind them', async () => {
    const bus = await NatsBus.connect({ servers: nats.url });
    try {
      const good = fixtureSnapshot({ kommune: '825', asOf: new Date(), size: 6 });
      const future = { ...fixtureSnapshot({ kommune: '825', asOf: new Date(), size: 6 }), version: 2 };
      await bus.publish(KOMMUNE_SNAPSHOTS_TOPIC, [
        { key: '825', id: randomUUID(), value: Buffer.from('{"schema": "tillidsbarometer/kommune-snapshot", "cells": [') },
        { key: '825', id: future.snapshotId, value: Buffer.from(JSON.stringify(future)) },
        { key: '825', id: good.snapshotId, value: Buffer.from(JSON.stringify(good)) },
      ]);
      await eventually('the snapshot behind the bad ones', async () => (await storedIds()).includes(good.snapshotId), 120_000);
    } finally {
      await bus.close();
    }
    const parked = await nationalDb.query<{ reason: string }>('SELECT reason FROM national.parked ORDER BY id');
    expect(parked.rows.map((row) => row.reason)).toEqual(['invalid snapshot', 'unknown schema or version']);
    const lines = national!
      .output()
      .split('\n')
      .filter((line) => line.includes('parked a kommune snapshot message'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('(message) is not JSON');
    expect(lines[1]).toContain('version must be 1: no other version is known');
    expect(national!.child.exitCode).toBeNull(); // the consumer lives on
  }, 180_000);
});
