import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import type { Consumer, IncomingMessage } from '../integration-bus.port';
import { startNatsServer, type NatsServerProcess } from '../testing/nats-server';
import { NatsBus } from './nats-bus';

/**
 * Issue 7's reliability test for the transport itself: the NATS server is killed (SIGKILL) and started again,
 * twice, while a producer publishes and a consumer consumes. Every publish resolves (the publisher retries
 * until the stream acknowledges), nothing is lost, and the stream holds every id once (a retry of a message
 * that was stored but whose acknowledgement was lost is dropped by its Nats-Msg-Id).
 */
describe('NATS bus across a restart of the NATS server', () => {
  let server: NatsServerProcess;
  const buses: NatsBus[] = [];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop().catch(() => undefined)));
    await Promise.all(buses.map((bus) => bus.close().catch(() => undefined)));
    await server?.stop();
  });

  it('loses nothing and stores nothing twice while the server is killed and restarted during publishing', async () => {
    const topic = `restart-${randomBytes(4).toString('hex')}`;
    const keys = ['101', '147', '151', '153', '155', '157', '159', '161'];
    const rounds = 60;
    const retried: string[] = [];
    const producer = await NatsBus.connect({
      servers: server.url,
      publishTimeoutMs: 60_000,
      requestTimeoutMs: 1_000,
      onError: (_error, context) => retried.push(context),
    });
    const live = await NatsBus.connect({ servers: server.url, requestTimeoutMs: 1_000 });
    buses.push(producer, live);

    const during: IncomingMessage[] = [];
    consumers.push(
      await live.consume(topic, async (message) => void during.push(message), { group: 'during-restarts', ackTimeoutMs: 2_000 }),
    );

    let published = 0;
    const publishing = (async () => {
      for (let round = 1; round <= rounds; round += 1) {
        await producer.publish(
          topic,
          keys.map((key) => ({ key, id: `${key}-${round}`, value: Buffer.from(`${key} round ${round}`) })),
        );
        published = round;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    for (const afterRound of [15, 35]) {
      await waitFor(() => published >= afterRound, 60_000, `round ${afterRound} published`);
      await server.kill();
      await new Promise((resolve) => setTimeout(resolve, 700)); // down for a while: publishes fail and are retried
      await server.restart();
    }
    await publishing; // every publish resolved
    expect(retried.length).toBeGreaterThan(0); // the restarts really hit publishes, which were sent again

    const total = keys.length * rounds;
    await waitFor(() => new Set(during.map((m) => m.id)).size === total, 90_000, `all ${total} ids at the live consumer`);
    for (const key of keys) {
      // At least once across restarts (an acknowledgement may be lost with the server), but never out of order.
      const rounds_ = during.filter((m) => m.key === key).map((m) => Number(m.id.split('-')[1]));
      expect(rounds_).toEqual([...rounds_].sort((a, b) => a - b));
    }

    // The stream itself holds every id exactly once.
    const nc = await connect({ servers: server.url });
    const state = (await (await nc.jetstreamManager()).streams.info(topic)).state;
    await nc.close();
    expect(state.messages).toBe(total);

    const after: IncomingMessage[] = [];
    const reader = await NatsBus.connect({ servers: server.url });
    buses.push(reader);
    consumers.push(await reader.consume(topic, async (message) => void after.push(message), { group: 'after-restarts' }));
    await waitFor(() => after.length >= total, 30_000, `all ${total} at a new group`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(after).toHaveLength(total);
    expect(new Set(after.map((m) => m.id)).size).toBe(total);
    for (const key of keys) {
      expect(after.filter((m) => m.key === key).map((m) => Number(m.id.split('-')[1]))).toEqual(
        Array.from({ length: rounds }, (_, i) => i + 1),
      );
    }
    expect(server.output()).toContain('--- restarted ---');
  }, 240_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
