import { toCaseEvent } from './to-case-event';
import { validateCaseEventRequest } from './validate-case-event';

const now = new Date('2026-06-01T12:00:00.000Z');
const envelope = {
  eventId: '3f1c1f0e-8f0a-4c39-9f55-4b4c3c9d2a11',
  kommune: '101',
  caseId: 'SAG-2026.17',
  occurredAt: '2026-06-01T13:00:00+02:00',
};

/** One valid event of every type: each must pass. */
const valid: Record<string, unknown> = {
  HelpRequested: { citizenId: '0101901234', area: 'sel_83', department: 'adult_disability', channel: 'oral' },
  DeadlineExtensionNotified: { expectedDecisionBy: '2026-08-01T00:00:00Z' },
  ContactRecorded: { kind: 'home_visit', initiatedBy: 'kommune' },
  CaseworkerAssigned: { caseworkerId: 'anne.k@kommune.dk', reason: 'initial' },
  DecisionMade: {
    decisionId: 'D1',
    outcome: 'granted',
    writtenReasons: true,
    complaintGuidance: true,
    plannedStart: '2026-07-01',
    decidedBy: 'caseworker',
  },
  RefusalExplainedOrally: { decisionId: 'D1', kind: 'phone' },
  HelpDelivered: { decisionId: 'D1' },
  ComplaintReceived: { complaintId: 'C1', kind: 'appeal', decisionId: 'D1' },
  ComplaintReassessed: { complaintId: 'C1', result: 'kept' },
  AppealDecided: { complaintId: 'C1', outcome: 'hjemvist' },
  CaseClosed: { reason: 'help_ended' },
};

function errorsOf(body: unknown): string[] {
  const result = validateCaseEventRequest(body, now);
  return result.ok ? [] : result.errors.map((error) => `${error.rule}: ${error.message}`);
}

describe('validateCaseEventRequest', () => {
  it.each(Object.entries(valid))('accepts a valid %s', (type, data) => {
    expect(errorsOf({ ...envelope, type, data })).toEqual([]);
  });

  it('names the field and the rule, e.g. an unknown outcome', () => {
    expect(errorsOf({ ...envelope, type: 'DecisionMade', data: { ...(valid['DecisionMade'] as object), outcome: 'maybe' } })).toEqual([
      'isIn: data.outcome must be one of granted, partially_granted, refused',
    ]);
  });

  it('refuses an unknown type, naming the known ones', () => {
    expect(errorsOf({ ...envelope, type: 'HelpGranted', data: {} })).toEqual([
      'isIn: type must be one of HelpRequested, DeadlineExtensionNotified, ContactRecorded, CaseworkerAssigned, DecisionMade, RefusalExplainedOrally, HelpDelivered, ComplaintReceived, ComplaintReassessed, AppealDecided, CaseClosed',
    ]);
  });

  it('refuses unknown fields in the envelope and in data', () => {
    expect(errorsOf({ ...envelope, type: 'CaseClosed', data: { reason: 'moved', note: 'free text' }, extra: 1 })).toEqual([
      'unknownField: extra is not allowed: unknown field',
      'unknownField: data.note is not allowed: unknown field',
    ]);
  });

  it('refuses keys that would shadow what the validator calls (found by the fuzz test)', () => {
    const body = JSON.parse(
      `{"eventId":"${envelope.eventId}","type":"CaseClosed","kommune":"101","caseId":"x","occurredAt":"2026-06-01T10:00:00Z","constructor":null,"data":{"reason":"moved","hasOwnProperty":1}}`,
    ) as unknown;
    expect(errorsOf(body)).toEqual([
      'unknownField: constructor is not allowed: unknown field',
      'unknownField: data.hasOwnProperty is not allowed: unknown field',
    ]);
  });

  it('refuses missing fields and wrong types without converting them', () => {
    expect(errorsOf({ type: 'ContactRecorded', data: { kind: 'phone', initiatedBy: 7 } }).sort()).toEqual(
      [
        'isIn: data.initiatedBy must be one of citizen, kommune',
        'isDefined: kommune is required',
        'isDefined: caseId is required',
        'isDefined: eventId is required',
        'isDefined: occurredAt is required',
      ].sort(),
    );
    expect(errorsOf({ ...envelope, type: 'DecisionMade', data: { ...(valid['DecisionMade'] as object), writtenReasons: 'yes' } })).toEqual([
      'isBoolean: data.writtenReasons must be true or false',
    ]);
    expect(errorsOf({ ...envelope, kommune: 101, type: 'CaseClosed', data: { reason: 'moved' } })).toEqual([
      'isKommuneCode: kommune must be one of the 98 kommune codes (e.g. "101")',
    ]);
    expect(errorsOf({ ...envelope, type: 'CaseClosed', data: 'moved' })).toEqual(['isObject: data must be an object']);
    expect(errorsOf({ ...envelope, type: 'CaseClosed' })).toEqual(['isDefined: data is required']);
  });

  it('refuses an unknown kommune', () => {
    expect(errorsOf({ ...envelope, kommune: '100', type: 'CaseClosed', data: { reason: 'moved' } })).toEqual([
      'isKommuneCode: kommune must be one of the 98 kommune codes (e.g. "101")',
    ]);
  });

  it.each(['SAG-0101901234', '010190-1234'])('refuses a CPR number in caseId (%s), without echoing it', (caseId) => {
    const errors = errorsOf({ ...envelope, caseId, type: 'CaseClosed', data: { reason: 'moved' } });
    expect(errors).toEqual(['noCprNumber: caseId must not contain a CPR number']);
    expect(errors.join()).not.toContain(caseId);
  });

  it('refuses case ids of other characters or longer than 64', () => {
    expect(errorsOf({ ...envelope, caseId: 'SAG 17', type: 'CaseClosed', data: { reason: 'moved' } })).toEqual([
      'matches: caseId must be 1-64 characters of letters, digits and ._:-',
    ]);
    expect(errorsOf({ ...envelope, caseId: 'x'.repeat(65), type: 'CaseClosed', data: { reason: 'moved' } })).toHaveLength(1);
  });

  it('takes occurredAt up to 5 minutes in the future, and no further', () => {
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
    expect(errorsOf({ ...envelope, occurredAt: at(5 * 60_000), type: 'CaseClosed', data: { reason: 'moved' } })).toEqual([]);
    expect(errorsOf({ ...envelope, occurredAt: at(5 * 60_000 + 1), type: 'CaseClosed', data: { reason: 'moved' } })).toEqual([
      'notInFuture: occurredAt must not be more than 5 minutes in the future',
    ]);
  });

  it.each(['2026-06-01T12:00:00', '2026-06-01', '2026-02-30T10:00:00Z', 'yesterday', '2026-06-01T12:00:00+2'])(
    'refuses the timestamp %j (no offset, not a real moment)',
    (occurredAt) => {
      expect(errorsOf({ ...envelope, occurredAt, type: 'CaseClosed', data: { reason: 'moved' } })).toHaveLength(1);
    },
  );

  it('requires plannedStart unless the decision is a refusal', () => {
    const decision = { ...(valid['DecisionMade'] as Record<string, unknown>) };
    delete decision['plannedStart'];
    expect(errorsOf({ ...envelope, type: 'DecisionMade', data: decision })).toEqual(['isDefined: data.plannedStart is required']);
    expect(errorsOf({ ...envelope, type: 'DecisionMade', data: { ...decision, outcome: 'refused' } })).toEqual([]);
    expect(errorsOf({ ...envelope, type: 'DecisionMade', data: { ...decision, plannedStart: '2026-02-30' } })).toHaveLength(1);
  });

  it('requires the decision of an appeal, not of a service complaint', () => {
    expect(errorsOf({ ...envelope, type: 'ComplaintReceived', data: { complaintId: 'C1', kind: 'appeal' } })).toEqual([
      'isDefined: data.decisionId is required',
    ]);
    expect(errorsOf({ ...envelope, type: 'ComplaintReceived', data: { complaintId: 'C1', kind: 'service_complaint' } })).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'x', 3]) expect(errorsOf(body)).toEqual(['isObject: event must be a JSON object']);
  });
});

describe('toCaseEvent', () => {
  it('pseudonymises the person ids at the door and keeps times in UTC', () => {
    const validation = validateCaseEventRequest({ ...envelope, type: 'HelpRequested', data: valid['HelpRequested'] }, now);
    if (!validation.ok) throw new Error('expected valid');
    const event = toCaseEvent(validation.request, (kommune, kind, value) => `${kind}@${kommune}#${value.length}`);
    expect(event).toEqual({
      type: 'HelpRequested',
      data: {
        kommune: '101',
        caseId: 'SAG-2026.17',
        occurredAt: '2026-06-01T11:00:00.000Z',
        citizenPseudonym: 'citizen@101#10',
        area: 'sel_83',
        department: 'adult_disability',
        channel: 'oral',
      },
    });
    expect(JSON.stringify(event)).not.toContain('0101901234');
  });
});
