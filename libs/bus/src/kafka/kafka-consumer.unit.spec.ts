import type { EachBatchPayload, Kafka } from 'kafkajs';
import { DEFAULT_KAFKA_SETTINGS } from './kafka-bus';
import { KafkaConsumerMember, MESSAGE_ID_HEADER } from './kafka-consumer';
import type { IncomingMessage } from '../integration-bus.port';

// No Kafka broker runs here (the conformance suite runs against one when KAFKA_BROKERS is set): this test
// drives the adapter's own logic (per-key delivery, contiguous commits, rebalances, pausing) through a stand-in
// for the kafkajs consumer that records commits and hands over batches as kafkajs's eachBatch does.
function fakeKafka() {
  const commits: string[] = [];
  const listeners = new Map<string, () => void>();
  const pauses: number[] = [];
  let resumes = 0;
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (event: string, listener: () => void) => listeners.set(event, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    disconnect: async () => undefined,
    run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
    },
    commitOffsets: async (offsets: Array<{ partition: number; offset: string }>) => {
      commits.push(...offsets.map(({ partition, offset }) => `${partition}:${offset}`));
    },
  };
  return {
    kafka: { consumer: () => consumer } as unknown as Kafka,
    commits,
    pauses,
    resumes: () => resumes,
    deliver: (partition: number, messages: Array<[key: string, offset: number]>) =>
      eachBatch!({
        batch: {
          partition,
          messages: messages.map(([key, offset]) => ({
            key: Buffer.from(key),
            value: Buffer.from(`${key}@${offset}`),
            offset: String(offset),
            headers: { [MESSAGE_ID_HEADER]: Buffer.from(`${key}-${offset}`), schema: Buffer.from('v1') },
          })),
        },
        pause: () => {
          pauses.push(partition);
          return () => (resumes += 1);
        },
      } as unknown as EachBatchPayload),
    rebalance: () => listeners.get('consumer.group_join')!(),
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached in 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function member(kafka: Kafka, handler: (message: IncomingMessage) => Promise<void>, maxInFlight = 1_000) {
  return new KafkaConsumerMember(
    kafka,
    'kommune-snapshots',
    handler,
    { group: 'national' },
    {
      ...DEFAULT_KAFKA_SETTINGS,
      brokers: [],
      delivery: { ...DEFAULT_KAFKA_SETTINGS.delivery, maxInFlight, retryDelay: { firstMs: 1, maxMs: 2 } },
    },
    () => undefined,
  );
}

describe('KafkaConsumerMember (kafkajs stand-in)', () => {
  it('commits a partition only over the unbroken run of handled messages, whatever order the keys finish in', async () => {
    const fake = fakeKafka();
    let releaseSlow: () => void = () => undefined;
    const handled: string[] = [];
    const consumer = member(fake.kafka, async (message) => {
      if (message.id === 'a-0') await new Promise<void>((resolve) => (releaseSlow = resolve));
      handled.push(message.id);
    });
    await consumer.start();
    await fake.deliver(0, [
      ['a', 0],
      ['b', 1],
      ['b', 2],
      ['a', 3],
    ]);
    await until(() => handled.includes('b-2'), 'b handled while a-0 is slow');
    expect(fake.commits).toEqual([]); // b-1 and b-2 are done, but offset 0 is not: nothing may be committed
    releaseSlow();
    await until(() => handled.includes('a-3'), 'a-3');
    await until(() => fake.commits.includes('0:4'), 'the commit after offset 3');
    expect(handled).toEqual(['b-1', 'b-2', 'a-0', 'a-3']);
    // Kafka's committed offset is the next to read; commits only move forward.
    const offsets = fake.commits.map((commit) => Number(commit.split(':')[1]));
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    expect(offsets.at(-1)).toBe(4);
    await consumer.stop();
  });

  it('gives the handler the key, the id from its header, the value and the other headers', async () => {
    const fake = fakeKafka();
    const received: IncomingMessage[] = [];
    const consumer = member(fake.kafka, async (message) => void received.push(message));
    await consumer.start();
    await fake.deliver(3, [['101', 7]]);
    await until(() => received.length === 1, 'the message');
    expect(received[0]).toEqual({
      topic: 'kommune-snapshots',
      key: '101',
      id: '101-7',
      value: Buffer.from('101@7'),
      headers: { schema: 'v1' },
      deliveryAttempt: 1,
    });
    await consumer.stop();
  });

  it('a message that keeps failing holds back its key and the commit, not the other keys of its partition', async () => {
    const fake = fakeKafka();
    const handled: string[] = [];
    let attempts = 0;
    const consumer = member(fake.kafka, async (message) => {
      if (message.id === 'p-1') {
        attempts += 1;
        throw new Error('poison');
      }
      handled.push(message.id);
    });
    await consumer.start();
    await fake.deliver(0, [
      ['a', 0],
      ['p', 1],
      ['a', 2],
      ['p', 3],
      ['b', 4],
    ]);
    await until(() => handled.includes('b-4') && handled.includes('a-2') && attempts >= 3, 'a and b through, p-1 retried');
    expect(handled).not.toContain('p-3');
    expect(fake.commits.at(-1)).toBe('0:1'); // offset 0 is done; nothing past the failing offset 1
    await consumer.stop();
    expect(fake.commits.at(-1)).toBe('0:1');
  });

  it('after a rebalance drops what it fetched before and commits nothing for it; the partition is read again', async () => {
    const fake = fakeKafka();
    const handled: string[] = [];
    let releaseFirst: (() => void) | undefined;
    const consumer = member(fake.kafka, async (message) => {
      if (message.id === 'a-0' && !releaseFirst) await new Promise<void>((resolve) => (releaseFirst = resolve));
      handled.push(message.id);
    });
    await consumer.start();
    await fake.deliver(0, [
      ['a', 0],
      ['a', 1],
    ]);
    await until(() => releaseFirst !== undefined, 'a-0 in its handler');
    expect(fake.commits).toEqual([]);
    fake.rebalance(); // kafkajs will fetch partition 0 again from its committed offset (none yet: 0)
    releaseFirst!(); // the handler that was running finishes; its result commits nothing in the new generation
    await fake.deliver(0, [
      ['a', 0],
      ['a', 1],
    ]);
    await until(() => fake.commits.includes('0:2'), 'the new generation committing');
    expect(handled).toEqual(['a-0', 'a-0', 'a-1']); // the old a-1 was dropped, a-0 ran twice (at least once)
    expect(fake.commits).toEqual(['0:1', '0:2']);
    await consumer.stop();
  });

  it('pauses fetching while it holds maxInFlight messages and resumes once it holds no more than half', async () => {
    const fake = fakeKafka();
    const gates: Array<() => void> = [];
    const consumer = member(fake.kafka, () => new Promise<void>((resolve) => gates.push(resolve)), 4);
    await consumer.start();
    await fake.deliver(1, [
      ['a', 0],
      ['a', 1],
      ['a', 2],
      ['a', 3],
    ]);
    expect(fake.pauses).toEqual([1]);
    expect(fake.resumes()).toBe(0);
    for (let i = 0; i < 2; i += 1) {
      await until(() => gates.length === i + 1, 'the next handler');
      gates[i]!();
    }
    await until(() => fake.resumes() === 1, 'resumed');
    for (let i = 2; i < 4; i += 1) {
      await until(() => gates.length === i + 1, 'the next handler');
      gates[i]!();
    }
    await until(() => fake.commits.includes('1:4'), 'all four committed');
    await consumer.stop();
  });
});
