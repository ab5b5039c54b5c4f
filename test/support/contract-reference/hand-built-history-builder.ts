import type { CaseEventRequest, CaseEventType, Department } from '@tillidsbarometer/domain';
import type { DeadlinePublication, Flag, FlagCode, FlagDetails, ReferenceHistory } from './types';

/*
 * Small helpers to write the hand-built histories: valid API-shaped case events (CONTRACT.md section 1) with
 * deterministic UUID eventIds, kept in the order they are written (= arrival order), and expected flags.
 */

export class HistoryBuilder {
  private readonly events: CaseEventRequest[] = [];
  private sequence = 0;
  private citizens = 0;

  /** `scenario` (1-65535) makes the eventIds of different scenarios differ. */
  constructor(
    private readonly scenario: number,
    private readonly deadlines: DeadlinePublication[],
  ) {}

  history(): ReferenceHistory {
    return { deadlines: this.deadlines, events: [...this.events] };
  }

  private add(type: CaseEventType, caseId: string, occurredAt: string, data: Record<string, unknown>, kommune: string): this {
    this.sequence++;
    const eventId = `${this.scenario.toString(16).padStart(8, '0')}-0000-4000-8000-${this.sequence.toString(16).padStart(12, '0')}`;
    const event: CaseEventRequest = { eventId, type, kommune, caseId, occurredAt, data };
    this.events.push(event);
    return this;
  }

  helpRequested(caseId: string, occurredAt: string, area: string, department: Department = 'adult_disability', kommune = '101'): this {
    this.citizens++;
    return this.add(
      'HelpRequested',
      caseId,
      occurredAt,
      { citizenId: `cit-${this.citizens}`, area, department, channel: 'written' },
      kommune,
    );
  }

  notice(caseId: string, occurredAt: string, expectedDecisionBy: string): this {
    return this.add('DeadlineExtensionNotified', caseId, occurredAt, { expectedDecisionBy }, '101');
  }

  contact(caseId: string, occurredAt: string, kind: string, initiatedBy: 'citizen' | 'kommune' = 'kommune', kommune = '101'): this {
    return this.add('ContactRecorded', caseId, occurredAt, { kind, initiatedBy }, kommune);
  }

  assigned(caseId: string, occurredAt: string, caseworkerId: string, reason: string): this {
    return this.add('CaseworkerAssigned', caseId, occurredAt, { caseworkerId, reason }, '101');
  }

  decision(
    caseId: string,
    occurredAt: string,
    decisionId: string,
    outcome: 'granted' | 'partially_granted' | 'refused',
    options: { plannedStart?: string; writtenReasons: boolean; complaintGuidance: boolean },
    kommune = '101',
  ): this {
    const data: Record<string, unknown> = {
      decisionId,
      outcome,
      writtenReasons: options.writtenReasons,
      complaintGuidance: options.complaintGuidance,
      decidedBy: 'caseworker',
    };
    if (options.plannedStart !== undefined) data['plannedStart'] = options.plannedStart;
    return this.add('DecisionMade', caseId, occurredAt, data, kommune);
  }

  explained(caseId: string, occurredAt: string, decisionId: string, kind = 'phone'): this {
    return this.add('RefusalExplainedOrally', caseId, occurredAt, { decisionId, kind }, '101');
  }

  delivered(caseId: string, occurredAt: string, decisionId: string): this {
    return this.add('HelpDelivered', caseId, occurredAt, { decisionId }, '101');
  }

  appeal(caseId: string, occurredAt: string, complaintId: string, decisionId: string): this {
    return this.add('ComplaintReceived', caseId, occurredAt, { complaintId, kind: 'appeal', decisionId }, '101');
  }

  serviceComplaint(caseId: string, occurredAt: string, complaintId: string): this {
    return this.add('ComplaintReceived', caseId, occurredAt, { complaintId, kind: 'service_complaint' }, '101');
  }

  reassessed(caseId: string, occurredAt: string, complaintId: string, result: 'kept' | 'changed' | 'partially_changed'): this {
    return this.add('ComplaintReassessed', caseId, occurredAt, { complaintId, result }, '101');
  }

  appealDecided(caseId: string, occurredAt: string, complaintId: string, outcome: string): this {
    return this.add('AppealDecided', caseId, occurredAt, { complaintId, outcome }, '101');
  }

  closed(caseId: string, occurredAt: string, reason = 'help_ended'): this {
    return this.add('CaseClosed', caseId, occurredAt, { reason }, '101');
  }
}

/** An expected flag; `clearedAt` null when it is open at the query's `now`. */
export function expectedFlag(
  code: FlagCode,
  caseId: string,
  where: { area: string; department?: string },
  raisedAt: string,
  clearedAt: string | null,
  details: FlagDetails,
): Flag {
  const flag: Flag = { code, caseId, department: where.department ?? 'adult_disability', area: where.area, raisedAt, details };
  if (clearedAt !== null) flag.clearedAt = clearedAt;
  return flag;
}
