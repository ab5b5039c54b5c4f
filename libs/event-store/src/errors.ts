import type { ExpectedVersion } from './event-store.port';

export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's version was not what the writer expected: someone else appended first. */
export class StreamVersionConflictError extends EventStoreError {
  constructor(
    readonly streamName: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamName}: expected version ${String(expectedVersion)}, but it is at ${actualVersion}`);
  }
}

/** The input breaks a rule of the port; `field` names where, `message` the rule. Nothing was stored. */
export class InvalidAppendError extends EventStoreError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field} ${rule}`);
  }
}
