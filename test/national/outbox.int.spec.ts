import { randomUUID } from 'node:crypto';
import { InProcessBus, KOMMUNE_SNAPSHOTS_TOPIC, type IntegrationBus, type OutgoingMessage } from '@tillidsbarometer/bus';
import type { Database } from '@tillidsbarometer/event-store';
import { createTestDatabase, type TestDatabase } from '@tillidsbarometer/event-store/testing';
import { SnapshotConsumer } from '@tillidsbarometer/national';
import { SnapshotPublisher, SnapshotRelay } from '@tillidsbarometer/trust-monitor';
import { eventually, startNationalProduct, type NationalProduct } from './support/national-product';

/*
 * The outbox's crash window: a snapshot computed and committed is sent even when the process dies before the relay
 * got to it; a snapshot the bus accepted but the relay could not mark as sent is sent again and stored once; a
 * computation that fails half-way leaves nothing behind. On PostgreSQL, with the in-process bus's durable log in the
 * same database, and the national consumer in the same product.
 */

const count = async (db: Database, sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

async function someCases(product: NationalProduct, kommune: string): Promise<void> {
  const events = Array.from({ length: 4 }, (_, i) => ({
    eventId: randomUUID(),
    type: 'HelpRequested',
    kommune,
    caseId: `K${kommune}-${i}`,
    occurredAt: new Date(Date.now() - (10 + i) * 86_400_000).toISOString(),
    data: { citizenId: `c-${kommune}-${i}`, area: 'sel_83', department: 'health', channel: 'oral' },
  }));
  const answer = await product.request('POST', '/api/v1/events', { token: await product.token('source_system', kommune), body: events });
  expect(answer.status).toBe(200);
}

describe('the national feed outbox across a crash', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });

  afterAll(() => database?.drop());

  it('sends a snapshot committed before the process died, once, when it comes back', async () => {
    // The first life: the relay is off, as if the process died right after the snapshot's transaction committed.
    const first = await startNationalProduct({ databaseUrl: database.url, env: { NATIONAL_FEED_RELAY: 'off' } });
    await someCases(first, '751');
    const { snapshotId } = await first.app.get(SnapshotPublisher).publish('751', 'on_demand');
    expect(await count(first.db, 'SELECT count(*)::int AS n FROM national_feed.snapshots WHERE published_at IS NULL')).toBe(1);
    await first.close();
    // The second life: the relay finds it in the outbox and sends it; the national store has it once.
    const second = await startNationalProduct({ databaseUrl: database.url });
    try {
      await eventually(
        'the snapshot to be stored nationally',
        async () =>
          (await count(second.db, 'SELECT count(*)::int AS n FROM national.snapshots WHERE snapshot_id = $1', [snapshotId])) === 1,
      );
      await eventually(
        'the snapshot to be marked sent',
        async () => (await count(second.db, 'SELECT count(*)::int AS n FROM national_feed.snapshots WHERE published_at IS NULL')) === 0,
      );
      expect(await count(second.db, 'SELECT count(*)::int AS n FROM national.snapshots')).toBe(1);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('sends again what the bus accepted but was never marked sent, and the national store keeps it once', async () => {
    // A bus whose first publish reaches the log and then fails (the connection dropped before the acknowledgement
    // arrived): the relay does not mark the batch, and sends it again on its next turn.
    let failOnce = true;
    const published: OutgoingMessage[] = [];
    const flaky = async (db: Database): Promise<IntegrationBus> => {
      const bus = await InProcessBus.open(db);
      return {
        kind: bus.kind,
        consume: (topic, handler, options) => bus.consume(topic, handler, options),
        ping: () => bus.ping(),
        close: () => bus.close(),
        async publish(topic, messages) {
          await bus.publish(topic, messages);
          published.push(...messages);
          if (failOnce) {
            failOnce = false;
            throw new Error('the connection to the bus was lost before its acknowledgement arrived');
          }
        },
      };
    };
    const product = await startNationalProduct({ databaseUrl: database.url, bus: flaky });
    try {
      await someCases(product, '101');
      const before = await count(product.db, 'SELECT count(*)::int AS n FROM national.snapshots');
      const { snapshotId } = await product.app.get(SnapshotPublisher).publish('101', 'on_demand');
      await eventually(
        'the snapshot to be marked sent',
        async () =>
          (await count(
            product.db,
            'SELECT count(*)::int AS n FROM national_feed.snapshots WHERE snapshot_id = $1 AND published_at IS NOT NULL',
            [snapshotId],
          )) === 1,
      );
      expect(published.filter((m) => m.id === snapshotId)).toHaveLength(2); // sent twice, the same message id
      await eventually(
        'the snapshot to be stored nationally',
        async () =>
          (await count(product.db, 'SELECT count(*)::int AS n FROM national.snapshots WHERE snapshot_id = $1', [snapshotId])) === 1,
      );
      expect(await count(product.db, 'SELECT count(*)::int AS n FROM national.snapshots')).toBe(before + 1);
      // Whatever the transport does with a repeated id (the in-process log keeps one; NATS and Kafka may deliver both),
      // the consumer stores a snapshot id once.
      const message = published.find((m) => m.id === snapshotId)!;
      const consumer = product.app.get(SnapshotConsumer);
      const again = {
        topic: KOMMUNE_SNAPSHOTS_TOPIC,
        key: message.key,
        id: message.id,
        value: message.value,
        headers: {},
        deliveryAttempt: 2,
      };
      expect(await consumer.handle(again)).toBe('duplicate');
      expect(await count(product.db, 'SELECT count(*)::int AS n FROM national.latest_cells WHERE snapshot_id = $1', [snapshotId])).toBe(
        16 * 3 * 6 + 12 * 3 * 12,
      );
    } finally {
      await product.close();
    }
  }, 120_000);

  it('leaves nothing behind when the computation fails half-way', async () => {
    const product = await startNationalProduct({ databaseUrl: database.url, env: { NATIONAL_FEED_RELAY: 'off' } });
    try {
      const publisher = product.app.get(SnapshotPublisher);
      const before = await count(product.db, 'SELECT count(*)::int AS n FROM national_feed.snapshots');
      await expect(
        publisher.inTransaction(async (tx) => {
          await publisher.computeAndStore(tx, '147', 'on_demand');
          throw new Error('the process died before the commit');
        }),
      ).rejects.toThrow('died');
      expect(await count(product.db, 'SELECT count(*)::int AS n FROM national_feed.snapshots')).toBe(before);
      // And a weekly occasion is published once however often it is asked for.
      const monday = new Date('2026-11-23T00:00:00+01:00');
      const a = await publisher.publish('147', 'weekly', { asOf: monday, occasion: monday.toISOString() });
      const b = await publisher.publish('147', 'weekly', { asOf: monday, occasion: monday.toISOString() });
      expect([a.created, b.created, b.snapshotId]).toEqual([true, false, a.snapshotId]);
      // A closed measurement's request is answered by any snapshot of its kommune computed after it: no second one.
      await product.db.query(
        "INSERT INTO national_feed.requested_publications (kommune, reason, occasion, requested_at) VALUES ('147', 'measurement_closed', 'm-1', now())",
      );
      await publisher.publish('147', 'on_demand');
      expect(await count(product.db, 'SELECT count(*)::int AS n FROM national_feed.requested_publications')).toBe(0);
      await product.app.get(SnapshotRelay).stop();
    } finally {
      await product.close();
    }
  }, 120_000);
});
