import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import {
  expectationHolds,
  positionOfRevision,
  revisionOfPosition,
  streamStateAtVersion,
  streamStateOfExpectedVersion,
  versionOfStreamState,
} from './stream-revision';

describe('stream positions (from 1) and KurrentDB revisions (from 0)', () => {
  it('maps a revision to the position one higher and back', () => {
    expect(positionOfRevision(0n)).toBe(1);
    expect(positionOfRevision(41n)).toBe(42);
    expect(revisionOfPosition(1)).toBe(0n);
    expect(revisionOfPosition(42)).toBe(41n);
  });

  it('refuses positions and revisions outside the safe range', () => {
    expect(() => positionOfRevision(-1n)).toThrow(RangeError);
    expect(() => positionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
    expect(() => revisionOfPosition(0)).toThrow(RangeError);
    expect(() => revisionOfPosition(1.5)).toThrow(RangeError);
  });

  it('writes after the version it read: no stream at 0, else the last revision', () => {
    expect(streamStateAtVersion(0)).toBe(NO_STREAM);
    expect(streamStateAtVersion(1)).toBe(0n);
    expect(streamStateAtVersion(7)).toBe(6n);
  });

  it("translates the port's expected versions into KurrentDB's stream states", () => {
    expect(streamStateOfExpectedVersion('any')).toBe(ANY);
    expect(streamStateOfExpectedVersion('no_stream')).toBe(NO_STREAM);
    expect(streamStateOfExpectedVersion('stream_exists')).toBe(STREAM_EXISTS);
    expect(streamStateOfExpectedVersion(0)).toBe(NO_STREAM);
    expect(streamStateOfExpectedVersion(3)).toBe(2n);
  });

  it("reads KurrentDB's current state as a version: no stream (or a deleted one) is 0", () => {
    expect(versionOfStreamState(NO_STREAM)).toBe(0);
    expect(versionOfStreamState(0n)).toBe(1);
    expect(versionOfStreamState(9n)).toBe(10);
    expect(versionOfStreamState(-5n)).toBe(0);
  });

  it.each([
    ['any', 0, true],
    ['any', 5, true],
    ['no_stream', 0, true],
    ['no_stream', 1, false],
    ['stream_exists', 0, false],
    ['stream_exists', 2, true],
    [0, 0, true],
    [0, 1, false],
    [3, 3, true],
    [3, 4, false],
    [3, 2, false],
  ] as const)('expectation %p at version %p holds: %p', (expected, version, holds) => {
    expect(expectationHolds(expected, version)).toBe(holds);
  });
});
