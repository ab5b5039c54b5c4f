import { KeySerialDispatcher, retryDelayMs, type KeySerialDispatcherOptions } from './key-serial-dispatcher';

interface Item {
  key: string;
  n: number;
}

const fast = { firstMs: 1, maxMs: 4 };

function dispatcher(overrides: Partial<KeySerialDispatcherOptions<Item>> = {}) {
  const log: string[] = [];
  const acknowledged: string[] = [];
  const instance = new KeySerialDispatcher<Item>({
    handle: async (item, attempt) => {
      log.push(`${item.key}${item.n}#${attempt}`);
    },
    acknowledge: async (item) => {
      acknowledged.push(`${item.key}${item.n}`);
    },
    onHandlerError: () => undefined,
    maxConcurrentKeys: 8,
    retryDelay: fast,
    ...overrides,
  });
  return { instance, log, acknowledged };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the maximum', () => {
    // 100, 200, 400, ..., 100 * 2^8 = 25,600, then 30,000.
    const delays = [1, 2, 3, 9, 10, 50].map((failures) => retryDelayMs(failures, { firstMs: 100, maxMs: 30_000 }));
    expect(delays).toEqual([100, 200, 400, 25_600, 30_000, 30_000]);
  });
});

describe('KeySerialDispatcher', () => {
  it('runs one handler at a time per key, in order, and keys side by side', async () => {
    let running = 0;
    let most = 0;
    const perKeyRunning = new Map<string, number>();
    const { instance, log, acknowledged } = dispatcher({
      handle: async (item) => {
        running += 1;
        most = Math.max(most, running);
        perKeyRunning.set(item.key, (perKeyRunning.get(item.key) ?? 0) + 1);
        expect(perKeyRunning.get(item.key)).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 2));
        log.push(`${item.key}${item.n}`);
        perKeyRunning.set(item.key, perKeyRunning.get(item.key)! - 1);
        running -= 1;
      },
    });
    for (let n = 1; n <= 5; n += 1) for (const key of ['a', 'b', 'c']) instance.enqueue({ key, n });
    await until(() => acknowledged.length === 15);
    for (const key of ['a', 'b', 'c'])
      expect(log.filter((entry) => entry.startsWith(key))).toEqual([1, 2, 3, 4, 5].map((n) => `${key}${n}`));
    expect(most).toBe(3);
    expect(instance.size).toBe(0);
  });

  it('tries a failed message again, counting attempts, before the next one of its key; other keys go on', async () => {
    let failures = 2;
    const errors: string[] = [];
    const { instance, log, acknowledged } = dispatcher({
      handle: async (item, attempt) => {
        log.push(`${item.key}${item.n}#${attempt}`);
        if (item.key === 'a' && item.n === 1 && failures-- > 0) throw new Error('boom');
      },
      onHandlerError: (error, item, attempt) => errors.push(`${(error as Error).message} ${item.key}${item.n}#${attempt}`),
      firstAttempt: () => 3, // the transport had delivered it twice before
    });
    instance.enqueue({ key: 'a', n: 1 });
    instance.enqueue({ key: 'a', n: 2 });
    instance.enqueue({ key: 'b', n: 1 });
    await until(() => acknowledged.length === 3);
    expect(log.filter((entry) => entry.startsWith('a'))).toEqual(['a1#3', 'a1#4', 'a1#5', 'a2#3']);
    expect(errors).toEqual(['boom a1#3', 'boom a1#4']);
    expect(acknowledged.indexOf('a1')).toBeLessThan(acknowledged.indexOf('a2'));
  });

  it('acknowledges a message before handling the next of its key, and retries an acknowledgement that fails', async () => {
    let ackFailures = 1;
    const events: string[] = [];
    const { instance } = dispatcher({
      handle: async (item) => {
        events.push(`handle ${item.n}`);
      },
      acknowledge: async (item) => {
        if (ackFailures-- > 0) throw new Error('ack lost');
        events.push(`ack ${item.n}`);
      },
    });
    instance.enqueue({ key: 'a', n: 1 });
    instance.enqueue({ key: 'a', n: 2 });
    await until(() => events.length === 4);
    expect(events).toEqual(['handle 1', 'ack 1', 'handle 2', 'ack 2']);
  });

  it('limits how many keys run at once', async () => {
    let running = 0;
    let most = 0;
    const { instance, acknowledged } = dispatcher({
      maxConcurrentKeys: 2,
      handle: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
    });
    for (const key of ['a', 'b', 'c', 'd', 'e']) instance.enqueue({ key, n: 1 });
    await until(() => acknowledged.length === 5);
    expect(most).toBe(2);
  });

  it('stop waits for running handlers, interrupts retry pauses and leaves the rest unacknowledged', async () => {
    let release: () => void = () => undefined;
    const { instance, acknowledged, log } = dispatcher({
      retryDelay: { firstMs: 60_000, maxMs: 60_000 },
      handle: async (item, attempt) => {
        log.push(`${item.key}${item.n}#${attempt}`);
        if (item.key === 'a') await new Promise<void>((resolve) => (release = resolve));
        if (item.key === 'p') throw new Error('poison');
      },
    });
    instance.enqueue({ key: 'a', n: 1 });
    instance.enqueue({ key: 'a', n: 2 });
    instance.enqueue({ key: 'p', n: 1 });
    await until(() => log.includes('a1#1') && log.includes('p1#1'));
    expect(instance.size).toBe(3);
    let stopped = false;
    const stopping = instance.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false); // a1's handler is still running
    release();
    await stopping;
    expect(acknowledged).toEqual(['a1']); // a1 finished, so it is acknowledged; a2 never started; p1 never succeeded
    expect(log).toEqual(['a1#1', 'p1#1']);
    instance.enqueue({ key: 'b', n: 1 });
    expect(instance.size).toBe(0);
  });

  it('belowLimit waits until enough messages are acknowledged', async () => {
    const gates: Array<() => void> = [];
    const { instance } = dispatcher({ handle: () => new Promise<void>((resolve) => gates.push(resolve)) });
    instance.enqueue({ key: 'a', n: 1 });
    instance.enqueue({ key: 'a', n: 2 });
    let below = false;
    const waiting = instance.belowLimit(2).then(() => (below = true));
    await until(() => gates.length === 1);
    expect(below).toBe(false);
    gates[0]!();
    await waiting;
    expect(instance.size).toBe(1);
    await until(() => gates.length === 2);
    gates[1]!();
    await until(() => instance.size === 0);
  });
});
