import type { RespondentRole } from '../question-bank/question-bank';
import type { StoredResponse, Tally } from '../tally/tally';

/**
 * The events of a temperature measurement (a round), one stream per round: `measurement-{kommune}-{id}`.
 * Other services read them from the store: the national publisher and TRUST_DROP consume MeasurementClosed,
 * whose tally holds the round's sufficient statistics, never a response row.
 */
export interface MeasurementCreated {
  type: 'MeasurementCreated';
  data: {
    measurementId: string;
    kommune: string;
    title: string;
    /** Scored question ids, and the timing question's id when it is asked. */
    questionIds: string[];
    roles: RespondentRole[];
    opensAt: string;
    closesAt: string;
    /** SHA-256 of each one-time token, per role: the tokens themselves are only ever in the creator's answer. */
    tokenHashes: Partial<Record<RespondentRole, string[]>>;
  };
}

export interface MeasurementOpened {
  type: 'MeasurementOpened';
  data: { measurementId: string; kommune: string; openedAt: string };
}

/**
 * A batch of responses, moved from the mix pool in random order: at least MIX_MINIMUM of them, except the remainder
 * written at the close. Carries no time of its own and nothing of a token; the store's recorded_at is the batch's.
 */
export interface ResponsesRecorded {
  type: 'ResponsesRecorded';
  data: { measurementId: string; kommune: string; responses: StoredResponse[] };
}

export interface MeasurementClosed {
  type: 'MeasurementClosed';
  data: {
    measurementId: string;
    kommune: string;
    /** `closesAt` when closed by time (even when the ticker got there later), the moment of the request by hand. */
    closedAt: string;
    closedBy: 'time' | 'hand';
    /** The roles and questions the round asked, so that a consumer needs no other event. */
    roles: RespondentRole[];
    questionIds: string[];
    /** Responses per role asked. */
    responses: Partial<Record<RespondentRole, number>>;
    /** The round's final tally: counts per role × department × question × answer, and timing counts. */
    tally: Tally;
  };
}

export type MeasurementEvent = MeasurementCreated | MeasurementOpened | ResponsesRecorded | MeasurementClosed;
export type MeasurementEventType = MeasurementEvent['type'];
export const MEASUREMENT_EVENT_TYPES: readonly MeasurementEventType[] = [
  'MeasurementCreated',
  'MeasurementOpened',
  'ResponsesRecorded',
  'MeasurementClosed',
];

/** Responses are written to the store in batches of at least this many (the remainder at the close excepted). */
export const MIX_MINIMUM = 5;

const STREAM_PREFIX = 'measurement-';

export function measurementStreamName(kommune: string, measurementId: string): string {
  return `${STREAM_PREFIX}${kommune}-${measurementId}`;
}

export function isMeasurementStream(streamName: string): boolean {
  return streamName.startsWith(STREAM_PREFIX);
}
