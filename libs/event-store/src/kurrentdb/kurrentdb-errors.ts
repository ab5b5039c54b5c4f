import { ErrorType, isCommandError, type WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';

/** gRPC status codes the client sometimes passes on unconverted (seen on a refused connection). */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** KurrentDB did not answer (down, unreachable, no leader, too slow): the operation may be tried again. */
export class KurrentDbUnavailableError extends EventStoreError {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`KurrentDB is unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
}

/**
 * The client's errors as the store's: what a caller can act on gets a message that says what to do; a
 * version conflict is not handled here (the adapter reads again and decides), anything unknown is kept.
 */
export function translateKurrentDbError(error: unknown, operation: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (!isCommandError(error)) {
    return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED ? new KurrentDbUnavailableError(operation, error) : error;
  }
  switch (error.type) {
    case ErrorType.UNAVAILABLE:
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
    case ErrorType.NOT_LEADER:
    case ErrorType.CANCELLED:
      return new KurrentDbUnavailableError(operation, error);
    case ErrorType.ACCESS_DENIED:
      return new EventStoreError(`KurrentDB refused access (${operation}): check the user in KURRENTDB_URL`);
    case ErrorType.STREAM_DELETED:
    case ErrorType.STREAM_TOMBSTONED:
      return new EventStoreError(`KurrentDB: the stream was deleted (${operation}); this store never deletes streams`);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new EventStoreError(
        `KurrentDB refused an append larger than its maximum append size (${operation}); raise MaxAppendSize or send smaller batches`,
      );
    default:
      return error;
  }
}
