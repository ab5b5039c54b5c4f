import { InvalidAppendError } from './errors';
import type { ExpectedVersion, NewEvent, StreamAppend } from './event-store.port';

/** Letters, digits and `._:-`, at most 255 characters: what KurrentDB and the case streams both accept. */
const STREAM_NAME = /^[A-Za-z0-9_][A-Za-z0-9._:-]{0,254}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a whole batch before anything is sent to the database, so that bad input stores nothing.
 * Throws `InvalidAppendError` naming the first field that breaks a rule.
 */
export function validateAppends(appends: readonly StreamAppend[]): void {
  if (!Array.isArray(appends) || appends.length === 0) throw new InvalidAppendError('appends', 'must be a non-empty array');
  const seen = new Set<string>();
  const streamOfEventId = new Map<string, string>();
  appends.forEach((append, index) => {
    const at = `appends[${index}]`;
    validateStreamName(append?.streamName, `${at}.streamName`);
    if (seen.has(append.streamName)) {
      throw new InvalidAppendError(`${at}.streamName`, `repeats stream ${append.streamName}: give each stream once per batch`);
    }
    seen.add(append.streamName);
    validateExpectedVersion(append.expectedVersion, `${at}.expectedVersion`);
    validateEvents(append.events, `${at}.events`);
    append.events.forEach((event: NewEvent, eventIndex: number) => {
      const id = event.eventId.toLowerCase();
      const other = streamOfEventId.get(id);
      if (other !== undefined && other !== append.streamName) {
        throw new InvalidAppendError(`${at}.events[${eventIndex}].eventId`, `is also given for stream ${other} in this batch`);
      }
      streamOfEventId.set(id, append.streamName);
    });
  });
}

export function validateStreamName(streamName: unknown, field = 'streamName'): asserts streamName is string {
  if (typeof streamName !== 'string' || !STREAM_NAME.test(streamName)) {
    throw new InvalidAppendError(field, 'must be 1-255 characters of letters, digits and ._:- not starting with . : or -');
  }
}

function validateExpectedVersion(expected: ExpectedVersion | undefined, field: string): void {
  if (expected === undefined || expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidAppendError(field, "must be 'any', 'no_stream', 'stream_exists' or a whole number >= 0");
  }
}

function validateEvents(events: readonly NewEvent[], field: string): void {
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(field, 'must be a non-empty array');
  events.forEach((event, index) => {
    const at = `${field}[${index}]`;
    if (event === null || typeof event !== 'object') throw new InvalidAppendError(at, 'must be an object');
    if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) throw new InvalidAppendError(`${at}.eventId`, 'must be a UUID');
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new InvalidAppendError(`${at}.type`, 'must be 1-100 characters of letters, digits and _.- starting with a letter');
    }
    if (event.data === undefined) throw new InvalidAppendError(`${at}.data`, 'is required');
    assertJson(event.data, `${at}.data`);
    if (event.metadata !== undefined) {
      if (!isPlainObject(event.metadata)) throw new InvalidAppendError(`${at}.metadata`, 'must be a plain object');
      assertJson(event.metadata, `${at}.metadata`);
    }
  });
}

/**
 * Only values that survive a JSON round trip into jsonb unchanged: no undefined, functions, symbols, bigint,
 * NaN or Infinity, no Date or class instances, no cycles, and no string PostgreSQL's jsonb refuses (U+0000,
 * a lone surrogate).
 */
function assertJson(value: unknown, field: string, ancestors: object[] = []): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      return assertJsonString(value, field);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidAppendError(field, 'must be a finite number (JSON has no NaN or Infinity)');
      return;
    case 'object': {
      if (value === null) return;
      if (ancestors.includes(value)) throw new InvalidAppendError(field, 'refers to itself (a cycle cannot be stored as JSON)');
      if (!Array.isArray(value) && !isPlainObject(value)) {
        throw new InvalidAppendError(field, 'must be a plain JSON value (not a Date, Map or class instance)');
      }
      ancestors.push(value); // one stack for the whole walk: this runs for every event appended
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) assertJson(value[index], `${field}[${index}]`, ancestors);
      } else {
        for (const key of Object.keys(value)) {
          assertJsonString(key, `${field} key`);
          assertJson((value as Record<string, unknown>)[key], `${field}.${key}`, ancestors);
        }
      }
      ancestors.pop();
      return;
    }
    default:
      throw new InvalidAppendError(field, `must be JSON-serialisable (got ${typeof value})`);
  }
}

function assertJsonString(value: string, field: string): void {
  if (value.includes('\u0000') || !value.isWellFormed()) {
    throw new InvalidAppendError(field, 'must not contain U+0000 or a lone surrogate (PostgreSQL text cannot hold them)');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
