import { compareCheckpoints, formatCheckpoint, parseCheckpoint } from './checkpoint';

describe('checkpoints of the PostgreSQL store', () => {
  it('orders by transaction id first, numerically, then by global position', () => {
    expect(compareCheckpoints('999:5', '1000:1')).toBeLessThan(0);
    expect(compareCheckpoints('1000:1', '999:5')).toBeGreaterThan(0);
    expect(compareCheckpoints('1000:2', '1000:10')).toBeLessThan(0);
    expect(compareCheckpoints('1000:10', '1000:10')).toBe(0);
  });

  it('compares transaction ids beyond 2^53 exactly', () => {
    expect(compareCheckpoints('9007199254740993:1', '9007199254740992:1')).toBeGreaterThan(0);
  });

  it('round-trips and treats a missing checkpoint as the start', () => {
    expect(parseCheckpoint(formatCheckpoint('42', 7))).toEqual({ transactionId: 42n, globalPosition: 7n });
    expect(parseCheckpoint(undefined)).toEqual({ transactionId: 0n, globalPosition: 0n });
  });

  it.each(['', '1', '1:2:3', 'a:1', '-1:2', '1:'])('refuses %j', (text) => {
    expect(() => parseCheckpoint(text)).toThrow(RangeError);
  });
});
