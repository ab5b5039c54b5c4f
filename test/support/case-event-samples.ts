import { randomUUID } from 'node:crypto';

/** Valid case events as a case system sends them, with fresh ids; override what a test needs. */
export function caseEvent(
  type: string,
  data: Record<string, unknown>,
  envelope: { kommune?: string; caseId?: string; occurredAt?: string; eventId?: string } = {},
) {
  return {
    eventId: envelope.eventId ?? randomUUID(),
    type,
    kommune: envelope.kommune ?? '101',
    caseId: envelope.caseId ?? 'SAG-1',
    occurredAt: envelope.occurredAt ?? '2026-01-05T09:00:00+01:00',
    data,
  };
}

export const samples = {
  helpRequested: (caseId: string, extra: { citizenId?: string; kommune?: string; occurredAt?: string } = {}) =>
    caseEvent(
      'HelpRequested',
      { citizenId: extra.citizenId ?? '0101901234', area: 'sel_83', department: 'adult_disability', channel: 'written' },
      { caseId, kommune: extra.kommune, occurredAt: extra.occurredAt },
    ),
  decision: (caseId: string, decisionId: string, outcome: 'granted' | 'partially_granted' | 'refused', kommune?: string) =>
    caseEvent(
      'DecisionMade',
      {
        decisionId,
        outcome,
        writtenReasons: true,
        complaintGuidance: true,
        decidedBy: 'caseworker',
        ...(outcome === 'refused' ? {} : { plannedStart: '2026-03-01' }),
      },
      { caseId, kommune, occurredAt: '2026-02-01T10:00:00+01:00' },
    ),
  contact: (caseId: string, kommune?: string) =>
    caseEvent('ContactRecorded', { kind: 'phone', initiatedBy: 'citizen' }, { caseId, kommune, occurredAt: '2026-01-10T10:00:00+01:00' }),
  caseworker: (caseId: string, caseworkerId: string) =>
    caseEvent('CaseworkerAssigned', { caseworkerId, reason: 'initial' }, { caseId, occurredAt: '2026-01-06T10:00:00+01:00' }),
  explained: (caseId: string, decisionId: string) =>
    caseEvent('RefusalExplainedOrally', { decisionId, kind: 'phone' }, { caseId, occurredAt: '2026-02-02T10:00:00+01:00' }),
  delivered: (caseId: string, decisionId: string) =>
    caseEvent('HelpDelivered', { decisionId }, { caseId, occurredAt: '2026-03-02T10:00:00+01:00' }),
  closed: (caseId: string) => caseEvent('CaseClosed', { reason: 'help_ended' }, { caseId, occurredAt: '2026-06-01T10:00:00+01:00' }),
};
