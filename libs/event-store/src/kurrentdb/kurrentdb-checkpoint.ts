import { START, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';
import { START_CHECKPOINT } from '../event-store.port';

/*
 * A checkpoint of the KurrentDB adapter is the $all position of the last event read, `<commit>:<prepare>`:
 * $all is ordered by commit position, then prepare position (the events of one write can share a commit
 * position; each has its own prepare position). The same textual shape as the PostgreSQL adapter's
 * `<transaction id>:<global position>`, so the port's START_CHECKPOINT ('0:0') is the start here too, and two
 * checkpoints of one store compare the same way; a checkpoint never travels between the two stores.
 */

const CHECKPOINT = /^(\d+):(\d+)$/;

export function checkpointOfPosition(position: Position): string {
  if (position.commit < 0n || position.prepare < 0n) throw new RangeError(`not a $all position: ${position.commit}:${position.prepare}`);
  return `${position.commit}:${position.prepare}`;
}

export function positionOfCheckpoint(checkpoint: string): Position {
  const match = CHECKPOINT.exec(checkpoint);
  if (!match) throw new RangeError(`not a checkpoint of the KurrentDB store: ${checkpoint}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/**
 * Where a forward read of $all starts for "after `checkpoint`": the start, or the position of the event the
 * checkpoint names. A forward read from a position includes the event at that position (the reader drops
 * it), and KurrentDB only accepts positions of records that exist, so the start is never sent as 0:0.
 */
export function readPositionAfter(checkpoint: string | undefined): ReadPosition {
  if (checkpoint === undefined || checkpoint === START_CHECKPOINT) return START;
  return positionOfCheckpoint(checkpoint);
}

/** Negative when a comes before b in $all, 0 when equal, positive after. */
export function compareKurrentDbCheckpoints(a: string, b: string): number {
  const x = positionOfCheckpoint(a);
  const y = positionOfCheckpoint(b);
  if (x.commit !== y.commit) return x.commit < y.commit ? -1 : 1;
  if (x.prepare !== y.prepare) return x.prepare < y.prepare ? -1 : 1;
  return 0;
}
