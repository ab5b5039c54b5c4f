import { fieldError, type FieldError } from '@tillidsbarometer/domain';
import type { RespondentRole } from '../question-bank/question-bank';
import { addResponses, emptyTally, responsesPerRole, type StoredResponse, type Tally } from '../tally/tally';
import { MIX_MINIMUM, type MeasurementEvent } from './measurement-events';
import { asksQuestion, asksTiming } from './round';

/**
 * A temperature measurement (a round), as far as its rules need to know it: scheduled until it opens at opensAt,
 * open until it closes (at closesAt by the ticker, or by hand), then closed for good. Responses enter only an open
 * round, in batches from the mix pool. The state carries the running tally, so the close can carry the final one.
 */
export interface MeasurementState {
  status: 'none' | 'scheduled' | 'open' | 'closed';
  measurementId: string;
  kommune: string;
  title: string;
  roles: RespondentRole[];
  questionIds: string[];
  opensAt: string;
  closesAt: string;
  openedAt: string | null;
  closedAt: string | null;
  closedBy: 'time' | 'hand' | null;
  tally: Tally;
}

export const initialMeasurementState: MeasurementState = {
  status: 'none',
  measurementId: '',
  kommune: '',
  title: '',
  roles: [],
  questionIds: [],
  opensAt: '',
  closesAt: '',
  openedAt: null,
  closedAt: null,
  closedBy: null,
  tally: emptyTally(),
};

export type MeasurementCommand =
  | {
      type: 'CreateMeasurement';
      measurementId: string;
      kommune: string;
      title: string;
      questionIds: string[];
      roles: RespondentRole[];
      opensAt: string;
      closesAt: string;
      tokenHashes: Partial<Record<RespondentRole, string[]>>;
      now: string;
    }
  | { type: 'OpenMeasurement'; now: string }
  /** `final`: the remainder of the pool at the close, which may be fewer than MIX_MINIMUM. */
  | { type: 'RecordResponses'; responses: StoredResponse[]; final: boolean }
  | { type: 'CloseMeasurement'; by: 'time' | 'hand'; now: string };

export type MeasurementDecision = { ok: true; events: MeasurementEvent[] } | { ok: false; errors: FieldError[] };

const rejected = (field: string, rule: string, text: string): MeasurementDecision => ({
  ok: false,
  errors: [fieldError(field, rule, text)],
});

export function decide(state: MeasurementState, command: MeasurementCommand): MeasurementDecision {
  if (command.type === 'CreateMeasurement') {
    if (state.status !== 'none') return rejected('id', 'alreadyExists', 'names a measurement that exists already');
    const now = Date.parse(command.now);
    const opensAt = Date.parse(command.opensAt);
    const closesAt = Date.parse(command.closesAt);
    if (closesAt <= now) return rejected('closesAt', 'inFuture', 'must be in the future');
    if (closesAt <= opensAt) return rejected('closesAt', 'afterOpensAt', 'must be after opensAt');
    const { type: _type, now: _now, ...data } = command;
    const created: MeasurementEvent = {
      type: 'MeasurementCreated',
      data: { ...data, opensAt: new Date(opensAt).toISOString(), closesAt: new Date(closesAt).toISOString() },
    };
    // A round whose opening moment has come opens at once.
    if (opensAt > now) return { ok: true, events: [created] };
    return { ok: true, events: [created, opened(command, new Date(now).toISOString())] };
  }
  if (state.status === 'none') return rejected('id', 'unknownMeasurement', 'names no measurement');
  switch (command.type) {
    case 'OpenMeasurement':
      if (state.status !== 'scheduled') return rejected('status', 'notScheduled', `must be scheduled to open (it is ${state.status})`);
      if (Date.parse(command.now) < Date.parse(state.opensAt)) return rejected('opensAt', 'notYetDue', 'has not come yet');
      return { ok: true, events: [opened(state, new Date(Date.parse(command.now)).toISOString())] };
    case 'RecordResponses': {
      if (state.status !== 'open') return rejected('status', 'notOpen', `must be open to take responses (it is ${state.status})`);
      if (command.responses.length === 0) return { ok: true, events: [] };
      if (!command.final && command.responses.length < MIX_MINIMUM)
        return rejected('responses', 'batchTooSmall', `must be at least ${MIX_MINIMUM} responses written together`);
      const errors = command.responses.flatMap((response, index) => responseErrors(state, response, `responses[${index}]`));
      if (errors.length > 0) return { ok: false, errors };
      return {
        ok: true,
        events: [
          { type: 'ResponsesRecorded', data: { measurementId: state.measurementId, kommune: state.kommune, responses: command.responses } },
        ],
      };
    }
    case 'CloseMeasurement': {
      if (state.status === 'closed') return rejected('status', 'alreadyClosed', 'is closed already');
      if (command.by === 'time' && Date.parse(command.now) < Date.parse(state.closesAt))
        return rejected('closesAt', 'notYetDue', 'has not come yet');
      return {
        ok: true,
        events: [
          {
            type: 'MeasurementClosed',
            data: {
              measurementId: state.measurementId,
              kommune: state.kommune,
              closedAt: command.by === 'time' ? state.closesAt : new Date(Date.parse(command.now)).toISOString(),
              closedBy: command.by,
              roles: state.roles,
              questionIds: state.questionIds,
              responses: responsesPerRole(state.tally, state.roles),
              tally: state.tally,
            },
          },
        ],
      };
    }
  }
}

function opened(round: { measurementId: string; kommune: string }, at: string): MeasurementEvent {
  return { type: 'MeasurementOpened', data: { measurementId: round.measurementId, kommune: round.kommune, openedAt: at } };
}

/** A stored response must fit the round: a role it asks, questions it asks of that role, timing only if asked. */
function responseErrors(state: MeasurementState, response: StoredResponse, at: string): FieldError[] {
  if (!state.roles.includes(response.role)) return [fieldError(`${at}.role`, 'roleNotAsked', 'is not a role this round asks')];
  const errors = Object.keys(response.answers)
    .filter((questionId) => !asksQuestion(state, response.role, questionId))
    .map((questionId) => fieldError(`${at}.answers.${questionId}`, 'notInRound', 'is not a question this round asks of the role'));
  if (response.timing !== null && !asksTiming(state, response.role))
    errors.push(fieldError(`${at}.timing`, 'notInRound', 'is not asked in this round'));
  return errors;
}

export function evolve(state: MeasurementState, event: MeasurementEvent): MeasurementState {
  switch (event.type) {
    case 'MeasurementCreated': {
      const { tokenHashes: _hashes, ...data } = event.data;
      return { ...initialMeasurementState, ...data, status: 'scheduled', tally: emptyTally() };
    }
    case 'MeasurementOpened':
      return { ...state, status: 'open', openedAt: event.data.openedAt };
    case 'ResponsesRecorded':
      return { ...state, tally: addResponses(state.tally, event.data.responses) };
    case 'MeasurementClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt, closedBy: event.data.closedBy };
  }
}

export const measurementDecider = { decide, evolve, initialState: initialMeasurementState };
