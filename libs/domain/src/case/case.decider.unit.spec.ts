import { deciderSpecification } from '../testing/decider-specification';
import { caseDecider } from './case.decider';
import type { CaseEvent } from './case-events';

const given = deciderSpecification(caseDecider);
const envelope = (occurredAt: string) => ({ kommune: '101', caseId: 'SAG-1', occurredAt });

const helpRequested: CaseEvent = {
  type: 'HelpRequested',
  data: {
    ...envelope('2026-01-05T09:00:00.000Z'),
    citizenPseudonym: 'p1',
    area: 'sel_83',
    department: 'adult_disability',
    channel: 'written',
  },
};
const decision = (
  decisionId: string,
  outcome: 'granted' | 'partially_granted' | 'refused',
  at = '2026-02-01T10:00:00.000Z',
): CaseEvent => ({
  type: 'DecisionMade',
  data: {
    ...envelope(at),
    decisionId,
    outcome,
    writtenReasons: true,
    complaintGuidance: true,
    decidedBy: 'caseworker',
    ...(outcome === 'refused' ? {} : { plannedStart: '2026-03-01' }),
  },
});
const explained = (decisionId: string): CaseEvent => ({
  type: 'RefusalExplainedOrally',
  data: { ...envelope('2026-02-03T10:00:00.000Z'), decisionId, kind: 'phone' },
});
const delivered = (decisionId: string): CaseEvent => ({
  type: 'HelpDelivered',
  data: { ...envelope('2026-03-02T10:00:00.000Z'), decisionId },
});
const appeal = (complaintId: string, decisionId: string): CaseEvent => ({
  type: 'ComplaintReceived',
  data: { ...envelope('2026-02-10T10:00:00.000Z'), complaintId, kind: 'appeal', decisionId },
});
const serviceComplaint = (complaintId: string): CaseEvent => ({
  type: 'ComplaintReceived',
  data: { ...envelope('2026-02-10T10:00:00.000Z'), complaintId, kind: 'service_complaint' },
});
const reassessed = (complaintId: string): CaseEvent => ({
  type: 'ComplaintReassessed',
  data: { ...envelope('2026-03-01T10:00:00.000Z'), complaintId, result: 'kept' },
});
const appealDecided = (complaintId: string): CaseEvent => ({
  type: 'AppealDecided',
  data: { ...envelope('2026-05-01T10:00:00.000Z'), complaintId, outcome: 'hjemvist' },
});
const contact: CaseEvent = {
  type: 'ContactRecorded',
  data: { ...envelope('2026-01-10T10:00:00.000Z'), kind: 'home_visit', initiatedBy: 'kommune' },
};
const closed: CaseEvent = { type: 'CaseClosed', data: { ...envelope('2026-06-01T10:00:00.000Z'), reason: 'help_ended' } };

describe('the case decider', () => {
  describe('opening and closing', () => {
    it('opens a case with its HelpRequested', () => given().when(helpRequested).then([helpRequested]));

    it('refuses a second HelpRequested', () => {
      given(helpRequested).when(helpRequested).thenRejects('oneHelpRequestedPerCase', 'caseId');
    });

    it('refuses any other event before the HelpRequested', () => {
      for (const event of [contact, decision('D1', 'granted'), closed]) given().when(event).thenRejects('caseMustBeOpen', 'caseId');
    });

    it('refuses every event after CaseClosed, even one that happened before the close', () => {
      const earlierContact: CaseEvent = { ...contact, data: { ...contact.data, occurredAt: '2026-05-01T00:00:00.000Z' } };
      given(helpRequested, closed).when(earlierContact).thenRejects('caseClosed', 'caseId');
      given(helpRequested, closed).when(closed).thenRejects('caseClosed');
      given(helpRequested, closed).when(helpRequested).thenRejects('oneHelpRequestedPerCase');
    });

    it('takes events whose occurredAt lies before earlier arrivals (out of order is allowed)', () => {
      const early: CaseEvent = { ...contact, data: { ...contact.data, occurredAt: '2026-01-06T00:00:00.000Z' } };
      given(helpRequested, decision('D1', 'granted')).when(early).then([early]);
    });
  });

  describe('decisions', () => {
    it('refuses a decision id used twice in a case', () => {
      given(helpRequested, decision('D1', 'refused')).when(decision('D1', 'granted')).thenRejects('uniqueInCase', 'data.decisionId');
      given(helpRequested, decision('D1', 'refused'))
        .when(decision('D2', 'granted'))
        .then([decision('D2', 'granted')]);
    });

    it('explains orally only refusals and partial grants of this case', () => {
      given(helpRequested, decision('D1', 'refused'))
        .when(explained('D1'))
        .then([explained('D1')]);
      given(helpRequested, decision('D1', 'partially_granted'))
        .when(explained('D1'))
        .then([explained('D1')]);
      const error = given(helpRequested, decision('D1', 'granted')).when(explained('D1')).thenRejects('mustBeRefusal', 'data.decisionId');
      expect(error.message).toBe('data.decisionId must name a refused or partially_granted decision (that decision was granted)');
      given(helpRequested).when(explained('D9')).thenRejects('mustExist', 'data.decisionId');
    });

    it('delivers help only for grants of this case', () => {
      given(helpRequested, decision('D1', 'granted'))
        .when(delivered('D1'))
        .then([delivered('D1')]);
      given(helpRequested, decision('D1', 'partially_granted'))
        .when(delivered('D1'))
        .then([delivered('D1')]);
      given(helpRequested, decision('D1', 'refused')).when(delivered('D1')).thenRejects('mustBeGrant', 'data.decisionId');
      given(helpRequested).when(delivered('D1')).thenRejects('mustExist', 'data.decisionId');
    });
  });

  describe('complaints and appeals', () => {
    it('takes an appeal of a decision of this case, once per complaint id', () => {
      given(helpRequested, decision('D1', 'refused'))
        .when(appeal('C1', 'D1'))
        .then([appeal('C1', 'D1')]);
      given(helpRequested).when(appeal('C1', 'D1')).thenRejects('mustExist', 'data.decisionId');
      given(helpRequested, decision('D1', 'refused'), appeal('C1', 'D1'))
        .when(appeal('C1', 'D1'))
        .thenRejects('uniqueInCase', 'data.complaintId');
      given(helpRequested)
        .when(serviceComplaint('S1'))
        .then([serviceComplaint('S1')]);
    });

    it('reassesses and decides only appeals of this case, each once', () => {
      const history = [helpRequested, decision('D1', 'refused'), appeal('C1', 'D1'), serviceComplaint('S1')];
      given(...history)
        .when(reassessed('C1'))
        .then([reassessed('C1')]);
      given(...history, reassessed('C1'))
        .when(reassessed('C1'))
        .thenRejects('alreadyReassessed', 'data.complaintId');
      given(...history)
        .when(reassessed('S1'))
        .thenRejects('mustBeAppeal', 'data.complaintId');
      given(...history)
        .when(reassessed('C9'))
        .thenRejects('mustExist', 'data.complaintId');
      given(...history, reassessed('C1'))
        .when(appealDecided('C1'))
        .then([appealDecided('C1')]);
      given(...history, appealDecided('C1'))
        .when(appealDecided('C1'))
        .thenRejects('alreadyDecided');
      given(...history)
        .when(appealDecided('S1'))
        .thenRejects('mustBeAppeal');
    });
  });
});
