import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState } from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '../event-store.port';

/*
 * The port counts a stream's events from 1 and calls the last one's number the stream's version (0 when the
 * stream has no events). KurrentDB counts revisions from 0. So: position = revision + 1, and a stream at
 * version v has its last event at revision v - 1.
 */

export function positionOfRevision(revision: bigint): number {
  const position = revision + 1n;
  if (revision < 0n || position > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision out of range: ${revision}`);
  return Number(position);
}

export function revisionOfPosition(position: number): bigint {
  if (!Number.isSafeInteger(position) || position < 1) throw new RangeError(`stream position must be a whole number >= 1, got ${position}`);
  return BigInt(position - 1);
}

/**
 * The stream state to append at when the stream is at `version` (what the adapter read just before): the
 * adapter always writes at the exact revision it read, so that the duplicate check it made on that read
 * still holds when the write lands; a concurrent writer in between makes the write fail, and it reads again.
 */
export function streamStateAtVersion(version: number): AppendStreamState {
  return version === 0 ? NO_STREAM : revisionOfPosition(version);
}

/**
 * The caller's expectation in KurrentDB's terms, for a caller that talks to KurrentDB directly (and for the
 * documentation of how the two line up): `any` → ANY, `no_stream` and 0 → NO_STREAM, `stream_exists` →
 * STREAM_EXISTS, n → revision n - 1.
 */
export function streamStateOfExpectedVersion(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return streamStateAtVersion(expected);
}

/** The same rule as the PostgreSQL adapter's: checked against the version the stream is at. */
export function expectationHolds(expected: ExpectedVersion, version: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return version === 0;
  if (expected === 'stream_exists') return version > 0;
  return expected === version;
}

/** KurrentDB reports a stream's state as its last revision, or `no_stream`; the port as a version. */
export function versionOfStreamState(state: bigint | typeof NO_STREAM): number {
  if (typeof state === 'bigint') return state < 0n ? 0 : positionOfRevision(state);
  return 0;
}
