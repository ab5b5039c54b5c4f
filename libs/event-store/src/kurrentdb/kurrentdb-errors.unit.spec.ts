import {
  AccessDeniedError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';
import { isStreamNotFound, isWrongExpectedVersion, KurrentDbUnavailableError, translateKurrentDbError } from './kurrentdb-errors';

describe("the client's errors as the store's", () => {
  it('recognises a version conflict and an unknown stream', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 2n, current: NO_STREAM });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    expect(isWrongExpectedVersion(new StreamNotFoundError(undefined, 's'))).toBe(false);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new Error('s not found'))).toBe(false);
  });

  it('turns "did not answer" into KurrentDbUnavailableError naming the operation', () => {
    for (const error of [
      new UnavailableError(undefined, 'no connection'),
      new DeadlineExceededError(undefined, 'deadline'),
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }), // a raw gRPC error
      Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }),
    ]) {
      const translated = translateKurrentDbError(error, 'appending to stream s');
      expect(translated).toBeInstanceOf(KurrentDbUnavailableError);
      expect((translated as Error).message).toMatch(/^KurrentDB is unavailable \(appending to stream s\): /);
      expect((translated as KurrentDbUnavailableError).cause).toBe(error);
    }
    const notLeader = Object.assign(Object.create(NotLeaderError.prototype) as NotLeaderError, { type: 'not-leader', message: 'follower' });
    expect(translateKurrentDbError(notLeader, 'x')).toBeInstanceOf(KurrentDbUnavailableError);
  });

  it('says what to do about access, deleted streams and append size', () => {
    expect(translateKurrentDbError(new AccessDeniedError(undefined, 'denied'), 'reading $all')).toEqual(
      new EventStoreError('KurrentDB refused access (reading $all): check the user in KURRENTDB_URL'),
    );
    expect(String(translateKurrentDbError(StreamDeletedError.fromStreamName('s'), 'appending'))).toMatch(/stream was deleted/);
  });

  it('keeps anything else as it is', () => {
    const other = new RangeError('bad');
    expect(translateKurrentDbError(other, 'x')).toBe(other);
    expect(translateKurrentDbError('text', 'x')).toBe('text');
  });
});
