import { ALL_QUESTION_IDS, RESPONDENT_ROLES } from '../question-bank/question-bank';
import { responsesFor } from '../testing/tally-builder';
import { addResponses, emptyTally } from '../tally/tally';
import { decide, evolve, initialMeasurementState, type MeasurementCommand } from './measurement.decider';
import type { MeasurementEvent } from './measurement-events';

/** given(events).when(command).then(events) / .thenRejects(rule, field), as libs/domain's decider specification. */
const given = (...events: MeasurementEvent[]) => ({
  when(command: MeasurementCommand) {
    const decision = decide(events.reduce(evolve, initialMeasurementState), command);
    return {
      then(expected: MeasurementEvent[]) {
        if (!decision.ok) throw new Error(`expected acceptance, got ${decision.errors.map((e) => e.message).join('; ')}`);
        expect(decision.events).toEqual(expected);
      },
      thenRejects(rule: string, field?: string) {
        if (decision.ok) throw new Error(`expected a rejection by ${rule}, but it was accepted`);
        expect(decision.errors.map((e) => e.rule)).toContain(rule);
        if (field) expect(decision.errors.find((e) => e.rule === rule)!.field).toBe(field);
      },
    };
  },
});

const ids = { measurementId: 'm-1', kommune: '101' };
const create: MeasurementCommand = {
  type: 'CreateMeasurement',
  ...ids,
  title: 'Forår 2027',
  questionIds: [...ALL_QUESTION_IDS],
  roles: [...RESPONDENT_ROLES],
  opensAt: '2027-03-01T08:00:00+01:00',
  closesAt: '2027-04-01T08:00:00+02:00',
  tokenHashes: { citizen: ['h1'], caseworker: ['h2'], leader: ['h3'] },
  now: '2027-02-01T00:00:00.000Z',
};
const created: MeasurementEvent = {
  type: 'MeasurementCreated',
  data: {
    ...ids,
    title: 'Forår 2027',
    questionIds: [...ALL_QUESTION_IDS],
    roles: [...RESPONDENT_ROLES],
    opensAt: '2027-03-01T07:00:00.000Z',
    closesAt: '2027-04-01T06:00:00.000Z',
    tokenHashes: { citizen: ['h1'], caseworker: ['h2'], leader: ['h3'] },
  },
};
const opened: MeasurementEvent = { type: 'MeasurementOpened', data: { ...ids, openedAt: '2027-03-01T07:00:05.000Z' } };
const five = responsesFor('citizen', { help_needed: { '3': 2, '1': 3 } });
const recorded: MeasurementEvent = { type: 'ResponsesRecorded', data: { ...ids, responses: five } };

describe('the measurement decider', () => {
  it('creates a scheduled round, its times in UTC', () => given().when(create).then([created]));

  it('opens a round at once when its opensAt has come', () => {
    given()
      .when({ ...create, now: '2027-03-02T00:00:00.000Z' })
      .then([created, { type: 'MeasurementOpened', data: { ...ids, openedAt: '2027-03-02T00:00:00.000Z' } }]);
  });

  it('refuses a round that closes before it opens, or has closed already, and a second creation', () => {
    given()
      .when({ ...create, closesAt: '2027-03-01T07:00:00Z' })
      .thenRejects('afterOpensAt', 'closesAt');
    given()
      .when({ ...create, opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-01-31T00:00:00Z' })
      .thenRejects('inFuture', 'closesAt');
    given(created).when(create).thenRejects('alreadyExists');
  });

  it('opens at opensAt, not before, and once', () => {
    given(created).when({ type: 'OpenMeasurement', now: '2027-03-01T07:00:05Z' }).then([opened]);
    given(created).when({ type: 'OpenMeasurement', now: '2027-03-01T06:59:59Z' }).thenRejects('notYetDue');
    given(created, opened).when({ type: 'OpenMeasurement', now: '2027-03-02T00:00:00Z' }).thenRejects('notScheduled');
  });

  it('records responses in batches of at least 5 while open; the remainder at the close may be smaller', () => {
    given(created, opened).when({ type: 'RecordResponses', responses: five, final: false }).then([recorded]);
    given(created, opened)
      .when({ type: 'RecordResponses', responses: five.slice(0, 4), final: false })
      .thenRejects('batchTooSmall');
    given(created, opened)
      .when({ type: 'RecordResponses', responses: five.slice(0, 1), final: true })
      .then([{ type: 'ResponsesRecorded', data: { ...ids, responses: five.slice(0, 1) } }]);
    given(created).when({ type: 'RecordResponses', responses: five, final: false }).thenRejects('notOpen');
  });

  it('refuses a response of a role the round does not ask, or to a question it does not ask of the role', () => {
    const citizensOnly: MeasurementEvent = { ...created, data: { ...created.data, roles: ['citizen'] } } as MeasurementEvent;
    const leaders = responsesFor('leader', { help_needed: { '3': 5 } });
    given(citizensOnly, opened)
      .when({ type: 'RecordResponses', responses: leaders, final: false })
      .thenRejects('roleNotAsked', 'responses[0].role');
    const staffQuestion = responsesFor('citizen', { real_involvement: { '3': 5 } });
    given(created, opened)
      .when({ type: 'RecordResponses', responses: staffQuestion, final: false })
      .thenRejects('notInRound', 'responses[0].answers.real_involvement');
  });

  it('closes by time at closesAt with the final tally, and by hand at the moment asked', () => {
    const tally = addResponses(emptyTally(), five);
    const closedData = {
      ...ids,
      roles: [...RESPONDENT_ROLES],
      questionIds: [...ALL_QUESTION_IDS],
      responses: { citizen: 5, caseworker: 0, leader: 0 },
      tally,
    };
    given(created, opened, recorded)
      .when({ type: 'CloseMeasurement', by: 'time', now: '2027-04-01T06:00:42Z' })
      .then([{ type: 'MeasurementClosed', data: { ...closedData, closedAt: '2027-04-01T06:00:00.000Z', closedBy: 'time' } }]);
    given(created, opened, recorded)
      .when({ type: 'CloseMeasurement', by: 'hand', now: '2027-03-15T12:00:00Z' })
      .then([{ type: 'MeasurementClosed', data: { ...closedData, closedAt: '2027-03-15T12:00:00.000Z', closedBy: 'hand' } }]);
    given(created, opened).when({ type: 'CloseMeasurement', by: 'time', now: '2027-03-15T12:00:00Z' }).thenRejects('notYetDue');
  });

  it('takes nothing after the close', () => {
    const closed: MeasurementEvent = {
      type: 'MeasurementClosed',
      data: {
        ...ids,
        closedAt: '2027-03-15T12:00:00.000Z',
        closedBy: 'hand',
        roles: [],
        questionIds: [],
        responses: {},
        tally: emptyTally(),
      },
    };
    given(created, opened, closed).when({ type: 'CloseMeasurement', by: 'hand', now: '2027-03-16T00:00:00Z' }).thenRejects('alreadyClosed');
    given(created, opened, closed).when({ type: 'RecordResponses', responses: five, final: true }).thenRejects('notOpen');
    given().when({ type: 'CloseMeasurement', by: 'hand', now: '2027-03-16T00:00:00Z' }).thenRejects('unknownMeasurement');
  });
});
