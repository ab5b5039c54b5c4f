import { randomBytes } from 'node:crypto';
import type { Consumer, IncomingMessage, IntegrationBus, OutgoingMessage } from '../integration-bus.port';
import { InvalidMessageError } from '../message-rules';

export interface BusConformanceSubject {
  /** A new client of the transport: a producer, a consumer, another machine. The suite closes each one it opens. */
  connect(): Promise<IntegrationBus>;
  /** The ack timeout the suite gives its consumers: short, so that a crashed consumer's messages come back soon. */
  ackTimeoutMs: number;
  /** Kills the transport (SIGKILL, or what comes closest) and starts it again on the same storage. Optional. */
  restartTransport?(): Promise<void>;
  /** A consumer in a child process that the suite can SIGKILL (a real crash). Optional. */
  startConsumerProcess?(options: ConsumerProcessOptions): Promise<ConsumerProcess>;
  cleanup(): Promise<void>;
}

export interface ConsumerProcessOptions {
  topic: string;
  group: string;
  ackTimeoutMs: number;
  /** How long the child's handler takes per message, so that it is killed with messages in flight. */
  handleDelayMs: number;
}

export interface ConsumerProcess {
  /** What the child's handler was given so far, in order (printed before the handler resolved). */
  handled(): Array<{ id: string; key: string; attempt: number }>;
  kill(): Promise<void>;
}

interface Received extends IncomingMessage {
  text: string;
}

/**
 * The behaviour every IntegrationBus adapter must show (issue 7): ordering per key, redelivery after a failed
 * handler or a consumer that stopped or died before acknowledging, no loss while a group has no consumer,
 * every group sees everything, publish resolves only once durable, and a message that keeps failing holds back
 * its own key and nothing else. Each adapter's spec calls this once; every test uses topics and groups of its own.
 */
export function describeIntegrationBusConformance(
  adapter: string,
  open: () => Promise<BusConformanceSubject>,
  limits: { noConsumerProcess?: string } = {},
): void {
  describe(`IntegrationBus conformance: ${adapter}`, () => {
    let subject: BusConformanceSubject;
    const buses: IntegrationBus[] = [];
    const consumers: Consumer[] = [];

    const connect = async () => {
      const bus = await subject.connect();
      buses.push(bus);
      return bus;
    };

    beforeAll(async () => {
      subject = await open();
    }, 60_000);

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((consumer) => consumer.stop().catch(() => undefined)));
      await Promise.all(buses.splice(0).map((bus) => bus.close().catch(() => undefined)));
    });

    afterAll(async () => {
      await subject?.cleanup();
    });

    /** Starts a consumer that records what it is given; `behave` may delay or throw (then the message is not acknowledged). */
    const collect = async (
      bus: IntegrationBus,
      topic: string,
      group: string,
      behave: (message: Received) => Promise<void> = async () => undefined,
      errors: Array<{ error: unknown; message: IncomingMessage }> = [],
    ) => {
      const received: Received[] = [];
      const consumer = await bus.consume(
        topic,
        async (message) => {
          const record = { ...message, text: Buffer.from(message.value).toString('utf8') };
          received.push(record);
          await behave(record);
        },
        { group, ackTimeoutMs: subject.ackTimeoutMs, onError: (error, message) => errors.push({ error, message }) },
      );
      consumers.push(consumer);
      return { consumer, received };
    };

    it('publish resolves once the message is durable: a new client (after a restart of the transport, where the test can) gets it whole', async () => {
      const topic = name('durable');
      const producer = await connect();
      const sent = [message('k1', 1, { 'content-type': 'application/json', schema: 'v1' }), message('k2', 1), message('k1', 2)];
      await producer.publish(topic, sent);
      await producer.close();
      if (subject.restartTransport) await subject.restartTransport();

      const { received } = await collect(await connect(), topic, name('group'));
      await waitFor(
        () => received.length >= 3,
        30_000,
        () => `3 messages, got ${received.length}`,
      );
      expect(
        received.map(({ topic, key, id, text, headers, deliveryAttempt }) => ({ topic, key, id, text, headers, deliveryAttempt })),
      ).toEqual(
        sent.map((m) => ({
          topic,
          key: m.key,
          id: m.id,
          text: Buffer.from(m.value).toString('utf8'),
          headers: m.headers ?? {},
          deliveryAttempt: 1,
        })),
      );
    }, 90_000);

    it('refuses a batch with a key, id or topic the transports cannot carry, sending nothing of it', async () => {
      const bus = await connect();
      const topic = name('invalid');
      await expect(bus.publish(topic, [message('ok', 1), { ...message('ok', 2), key: 'not.a.token' }])).rejects.toMatchObject({
        field: 'messages[1].key',
      });
      await expect(bus.publish(topic, [{ ...message('ok', 1), id: '' }])).rejects.toBeInstanceOf(InvalidMessageError);
      await expect(bus.publish('has space', [message('ok', 1)])).rejects.toMatchObject({ field: 'topic' });
      await expect(bus.publish(topic, [{ ...message('ok', 1), headers: { 'Nats-Msg-Id': 'x' } }])).rejects.toMatchObject({
        rule: 'headerName',
      });
      const last = message('ok', 3);
      await bus.publish(topic, [last]);
      const { received } = await collect(bus, topic, name('group'));
      await waitFor(
        () => received.length >= 1,
        30_000,
        () => 'the valid message',
      );
      await settle();
      expect(received.map((m) => m.id)).toEqual([last.id]);
    }, 60_000);

    it('keeps the order of each key across batches, interleaved keys and concurrent publishers', async () => {
      const topic = name('order');
      const keys = ['101', '147', '851', '461'];
      const perKey = 30;
      const producer = await connect();
      const otherProducer = await connect();
      const { received } = await collect(await connect(), topic, name('group'), () => sleep(Math.random() * 3));
      // The first ten of every key interleaved in one batch, then each key publishing alone, keys concurrently.
      await producer.publish(topic, Array.from({ length: 10 }, (_, i) => keys.map((key) => message(key, i + 1))).flat());
      await Promise.all(
        keys.map(async (key, k) => {
          for (let n = 11; n <= perKey; n += 1) await (k % 2 === 0 ? producer : otherProducer).publish(topic, [message(key, n)]);
        }),
      );
      await waitFor(
        () => received.length >= keys.length * perKey,
        60_000,
        () => `${keys.length * perKey} messages, got ${received.length}`,
      );
      await settle();
      for (const key of keys) expect(sequenceOf(received, key)).toEqual(range(1, perKey));
    }, 90_000);

    it('delivers a message again when its handler rejects, before anything behind it with the same key', async () => {
      const topic = name('retry');
      const bus = await connect();
      await bus.publish(topic, [message('a', 1), message('a', 2), message('b', 1), message('a', 3), message('b', 2)]);
      let failuresLeft = 2;
      const errors: Array<{ error: unknown; message: IncomingMessage }> = [];
      const { received } = await collect(
        bus,
        topic,
        name('group'),
        async (m) => {
          if (m.key === 'a' && seq(m) === 2 && failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('the handler failed');
          }
        },
        errors,
      );
      await waitFor(
        () => sequenceOf(received, 'a').includes(3) && sequenceOf(received, 'b').length >= 2,
        30_000,
        () => 'a-3 and b-2',
      );
      await settle();
      expect(sequenceOf(received, 'a')).toEqual([1, 2, 2, 2, 3]);
      expect(received.filter((m) => m.key === 'a' && seq(m) === 2).map((m) => m.deliveryAttempt)).toEqual([1, 2, 3]);
      expect(sequenceOf(received, 'b')).toEqual([1, 2]);
      expect(errors.map((e) => [(e.error as Error).message, e.message.key, seq(e.message), e.message.deliveryAttempt])).toEqual([
        ['the handler failed', 'a', 2, 1],
        ['the handler failed', 'a', 2, 2],
      ]);
    }, 60_000);

    it('a consumer stopped before acknowledging leaves the message, and what follows it, to the group', async () => {
      const topic = name('stopped');
      const group = name('group');
      const producer = await connect();
      await producer.publish(
        topic,
        range(1, 6).map((n) => message('a', n)),
      );
      let releaseHeld: (error: Error) => void = () => undefined;
      const first = await collect(await connect(), topic, group, async (m) => {
        if (seq(m) === 3) await new Promise<void>((_, reject) => (releaseHeld = reject));
      });
      await waitFor(
        () => first.received.some((m) => seq(m) === 3),
        30_000,
        () => 'a-3 taken by the first consumer',
      );
      const stopping = first.consumer.stop();
      // stop() waits for the running handler; its work is cut short by the shutdown, so it is not acknowledged.
      releaseHeld(new Error('shutting down'));
      await stopping;
      await producer.publish(topic, [message('a', 7)]);

      const second = await collect(await connect(), topic, group);
      await waitFor(
        () => second.received.some((m) => seq(m) === 7),
        30_000,
        () => `a-7 at the second consumer, got ${ids(second.received)}`,
      );
      await settle();
      expect(sequenceOf(first.received, 'a')).toEqual([1, 2, 3]);
      // At least once: 1 and 2 were acknowledged, so the group owes them to nobody; 3 and everything after it come.
      const again = sequenceOf(second.received, 'a');
      expect(again.filter((n) => n >= 3)).toEqual([3, 4, 5, 6, 7]);
      expect(again).toEqual([...again].sort((x, y) => x - y));
    }, 90_000);

    it('loses nothing published while the group has no consumer', async () => {
      const topic = name('down');
      const group = name('group');
      const producer = await connect();
      const first = await collect(await connect(), topic, group);
      await producer.publish(topic, [message('a', 1), message('b', 1)]);
      await waitFor(
        () => first.received.length >= 2,
        30_000,
        () => 'the first two',
      );
      await first.consumer.stop();

      await producer.publish(topic, [message('a', 2), message('b', 2), message('a', 3)]);
      await producer.publish(topic, [message('b', 3)]);

      const second = await collect(await connect(), topic, group);
      await waitFor(
        () => sequenceOf(second.received, 'a').includes(3) && sequenceOf(second.received, 'b').includes(3),
        30_000,
        () => `a-3 and b-3, got ${ids(second.received)}`,
      );
      await settle();
      expect(sequenceOf(second.received, 'a')).toEqual([2, 3]);
      expect(sequenceOf(second.received, 'b')).toEqual([2, 3]);
    }, 60_000);

    it('every group sees every message, a group that starts after the publishing too', async () => {
      const topic = name('groups');
      const producer = await connect();
      const one = await collect(await connect(), topic, name('one'));
      const two = await collect(await connect(), topic, name('two'));
      const sent = [message('a', 1), message('b', 1), message('a', 2)];
      await producer.publish(topic, sent);
      const late = await collect(await connect(), topic, name('late'));
      for (const group of [one, two, late]) {
        await waitFor(
          () => group.received.length >= 3,
          30_000,
          () => `3 messages, got ${group.received.length}`,
        );
      }
      await settle();
      for (const group of [one, two, late]) expect(group.received.map((m) => m.id)).toEqual(sent.map((m) => m.id));
    }, 60_000);

    it('a message that keeps failing is tried again and again and holds back its own key only', async () => {
      const topic = name('poison');
      const group = name('group');
      const bus = await connect();
      const errors: Array<{ error: unknown; message: IncomingMessage }> = [];
      const stuck = await collect(
        bus,
        topic,
        group,
        async (m) => {
          if (m.key === 'p' && seq(m) === 2) throw new Error('cannot handle this one');
        },
        errors,
      );
      await bus.publish(topic, [message('p', 1), message('p', 2), message('a', 1), message('p', 3), message('b', 1)]);
      await bus.publish(
        topic,
        range(2, 5).flatMap((n) => [message('a', n), message('b', n)]),
      );
      await waitFor(
        () => errors.length >= 3 && sequenceOf(stuck.received, 'a').length >= 5 && sequenceOf(stuck.received, 'b').length >= 5,
        30_000,
        () => `a and b through and three failures of p-2, got ${ids(stuck.received)}`,
      );
      expect(sequenceOf(stuck.received, 'a')).toEqual(range(1, 5));
      expect(sequenceOf(stuck.received, 'b')).toEqual(range(1, 5));
      const attempts = stuck.received.filter((m) => m.key === 'p' && seq(m) === 2).map((m) => m.deliveryAttempt);
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      expect(attempts).toEqual(range(attempts[0]!, attempts[0]! + attempts.length - 1));
      expect(sequenceOf(stuck.received, 'p').filter((n) => n !== 2)).toEqual([1]); // p-3 waits behind p-2
      await stuck.consumer.stop();

      // Once the handler can take it (a fixed release), the key resumes where it stood: nothing was skipped.
      const fixed = await collect(await connect(), topic, group);
      await waitFor(
        () => sequenceOf(fixed.received, 'p').includes(3),
        30_000,
        () => `p-3 after the fix, got ${ids(fixed.received)}`,
      );
      expect(sequenceOf(fixed.received, 'p')).toEqual([2, 3]);
    }, 90_000);

    const crashTest = limits.noConsumerProcess ? it.skip : it;
    if (limits.noConsumerProcess)
      process.stdout.write(`${adapter}: the consumer-process crash test is skipped: ${limits.noConsumerProcess}\n`);
    crashTest(
      'a consumer process killed mid-stream (SIGKILL): a new consumer gets every unacknowledged message, each key in order',
      async () => {
        if (!subject.startConsumerProcess) throw new Error('the subject has no startConsumerProcess');
        const topic = name('crash');
        const group = name('group');
        const keys = ['101', '147', '851', '461'];
        const perKey = 40;
        const producer = await connect();
        const child = await subject.startConsumerProcess({ topic, group, ackTimeoutMs: subject.ackTimeoutMs, handleDelayMs: 15 });
        let killed = false;
        const publishing = (async () => {
          for (let n = 1; n <= perKey; n += 1) {
            await producer.publish(
              topic,
              keys.map((key) => message(key, n)),
            );
            if (!killed) await sleep(10);
          }
        })();
        await waitFor(
          () => child.handled().length >= 40,
          60_000,
          () => `the child handled ${child.handled().length}`,
        );
        await child.kill();
        killed = true;
        const byChild = child.handled();
        await publishing;

        const { received } = await collect(await connect(), topic, group);
        await waitFor(
          () => keys.every((key) => sequenceOf(received, key).includes(perKey)),
          90_000,
          () => `every key's last message at the new consumer, got ${received.length}`,
        );
        await settle();
        for (const key of keys) {
          const before = byChild.filter((m) => m.key === key).map((m) => Number(m.id.split('-')[1]));
          const after = sequenceOf(received, key);
          expect(after).toEqual([...new Set(after)].sort((x, y) => x - y)); // in order, each once
          expect(after[0]!).toBeLessThanOrEqual(Math.max(0, ...before) + 1); // nothing skipped at the crash
          expect(new Set([...before, ...after])).toEqual(new Set(range(1, perKey)));
        }
      },
      180_000,
    );
  });
}

function name(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A message whose id tells its key and place: `<key>-<n>-<random>`. */
function message(key: string, n: number, headers?: Record<string, string>): OutgoingMessage {
  return {
    key,
    id: `${key}-${n}-${randomBytes(6).toString('hex')}`,
    value: Buffer.from(JSON.stringify({ key, n, filler: 'æøå'.repeat(n) }), 'utf8'),
    ...(headers ? { headers } : {}),
  };
}

function seq(message: IncomingMessage): number {
  return Number(message.id.split('-')[1]);
}

function sequenceOf(received: readonly IncomingMessage[], key: string): number[] {
  return received.filter((m) => m.key === key).map(seq);
}

function ids(received: readonly IncomingMessage[]): string {
  return received.map((m) => `${m.key}-${seq(m)}`).join(' ');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Gives a transport time to deliver what it should not (a duplicate, a skipped-over message) before asserting. */
function settle(): Promise<void> {
  return sleep(300);
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await sleep(20);
  }
}
