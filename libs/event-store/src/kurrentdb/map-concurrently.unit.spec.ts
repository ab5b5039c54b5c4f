import { mapConcurrently } from './map-concurrently';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      running += 1;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick(); // finish out of order
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure only after every started call settled, and starts no more', async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const run = mapConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      for (let i = 0; i < (n === 2 ? 1 : 4); i++) await tick();
      settled.push(n);
      if (n === 2) throw new Error('two failed');
      return n;
    });
    await expect(run).rejects.toThrow('two failed');
    // 2 failed after one tick while 1 still ran (four ticks): nothing else started, and the rejection waited for 1.
    expect(started).toEqual([1, 2]);
    expect(settled).toEqual([2, 1]);
  });

  it('resolves an empty input at once', async () => {
    await expect(mapConcurrently([], 4, async () => 1)).resolves.toEqual([]);
  });
});
