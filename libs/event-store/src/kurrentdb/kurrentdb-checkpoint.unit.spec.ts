import { START } from '@kurrent/kurrentdb-client';
import { START_CHECKPOINT } from '../event-store.port';
import { checkpointOfPosition, compareKurrentDbCheckpoints, positionOfCheckpoint, readPositionAfter } from './kurrentdb-checkpoint';

describe('checkpoints of the KurrentDB store: $all positions as <commit>:<prepare>', () => {
  it('writes and reads a position, exactly beyond 2^53', () => {
    const position = { commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_901n };
    expect(checkpointOfPosition(position)).toBe('9007199254740993:9007199254740901');
    expect(positionOfCheckpoint('9007199254740993:9007199254740901')).toEqual(position);
    expect(positionOfCheckpoint(checkpointOfPosition({ commit: 2_048n, prepare: 1_920n }))).toEqual({ commit: 2_048n, prepare: 1_920n });
  });

  it('refuses what is not one', () => {
    for (const bad of ['', '12', '1:2:3', '-1:0', 'a:b', ' 1:2', '1:2 ']) expect(() => positionOfCheckpoint(bad)).toThrow(RangeError);
    expect(() => checkpointOfPosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
  });

  it('orders by commit position, then prepare position (the events of one write share a commit position)', () => {
    expect(compareKurrentDbCheckpoints('999:900', '1000:100')).toBeLessThan(0); // numeric, not text: 999 < 1000
    expect(compareKurrentDbCheckpoints('1000:100', '999:900')).toBeGreaterThan(0);
    expect(compareKurrentDbCheckpoints('1000:100', '1000:300')).toBeLessThan(0);
    expect(compareKurrentDbCheckpoints('1000:300', '1000:300')).toBe(0);
    expect(compareKurrentDbCheckpoints(START_CHECKPOINT, '1000:300')).toBeLessThan(0);
  });

  it("reads after the port's start from $all's start, never from a position 0:0 that names no record", () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(START_CHECKPOINT)).toBe(START);
    expect(readPositionAfter('1000:300')).toEqual({ commit: 1_000n, prepare: 300n });
  });
});
