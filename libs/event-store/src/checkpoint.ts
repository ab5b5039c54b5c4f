import { START_CHECKPOINT } from './event-store.port';

/**
 * A checkpoint of the PostgreSQL store is `<transaction id>:<global position>`, the pair the global order
 * sorts by. Other adapters have their own opaque form; only this module looks inside.
 */
export interface PostgresCheckpoint {
  transactionId: bigint;
  globalPosition: bigint;
}

export function parseCheckpoint(checkpoint: string | undefined): PostgresCheckpoint {
  const [transactionId, globalPosition, ...rest] = (checkpoint ?? START_CHECKPOINT).split(':');
  if (rest.length > 0 || !/^\d+$/.test(transactionId ?? '') || !/^\d+$/.test(globalPosition ?? '')) {
    throw new RangeError(`not a checkpoint of this store: ${checkpoint}`);
  }
  return { transactionId: BigInt(transactionId!), globalPosition: BigInt(globalPosition!) };
}

export function formatCheckpoint(transactionId: string | bigint, globalPosition: number | bigint): string {
  return `${transactionId}:${globalPosition}`;
}

/** Negative when a comes before b in the global order, 0 when equal, positive after. */
export function compareCheckpoints(a: string, b: string): number {
  const x = parseCheckpoint(a);
  const y = parseCheckpoint(b);
  if (x.transactionId !== y.transactionId) return x.transactionId < y.transactionId ? -1 : 1;
  if (x.globalPosition !== y.globalPosition) return x.globalPosition < y.globalPosition ? -1 : 1;
  return 0;
}
