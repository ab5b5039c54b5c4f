import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lossGuard } from './loss-guard';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether `value` survives a full garbage collection once the caller lets go of it. */
async function retained(keep: (value: object) => Promise<unknown>): Promise<boolean> {
  // The value lives only in this inner function: once it returns, nothing but `keep`'s leftovers can hold it.
  const ref = await (async () => {
    const value = { page: new Array(10_000).fill('event') };
    await keep(value);
    return new WeakRef(value);
  })();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return ref.deref() !== undefined;
}

describe('lossGuard', () => {
  it('lets the result of settled work go (regression: Promise.race on the session loss kept every page read)', async () => {
    const lost = new Promise<Error>(() => undefined); // a connection that is never lost
    // The pattern it replaces does retain: this is what makes the test able to fail.
    expect(await retained((value) => Promise.race([Promise.resolve(value), lost]))).toBe(true);
    const unlessLost = lossGuard(lost);
    expect(await retained((value) => unlessLost(Promise.resolve(value)))).toBe(false);
  });

  it('fails pending and later work once the connection is lost, and passes results and errors through before', async () => {
    let lose!: (error: Error) => void;
    const unlessLost = lossGuard(new Promise<Error>((resolve) => (lose = resolve)));
    await expect(unlessLost(Promise.resolve(42))).resolves.toBe(42);
    await expect(unlessLost(Promise.reject(new Error('query failed')))).rejects.toThrow('query failed');
    const pending = unlessLost(new Promise(() => undefined));
    lose(new Error('connection lost'));
    await expect(pending).rejects.toThrow('connection lost');
    await expect(unlessLost(Promise.resolve(1))).rejects.toThrow('connection lost');
  });
});
