import type { Department } from '../departments';

/**
 * The case events as stored (CONTRACT.md section 1), after validation and pseudonymisation at the door:
 * the contract's `citizenId` and `caseworkerId` never get this far; their keyed HMACs do, under names that
 * say so. Every event carries its envelope so that projections need nothing else.
 */
export interface CaseEventEnvelope {
  kommune: string;
  /** The source system's own case number (never a CPR number). */
  caseId: string;
  /** ISO-8601 UTC: when it happened. Indicators use this, never the order of arrival. */
  occurredAt: string;
}

export const CONTACT_KINDS = ['meeting', 'home_visit', 'phone', 'video', 'digital_message', 'letter'] as const;
/** The contacts that count as personal (CONTRACT.md section 3, personal_contacts_per_case_month). */
export const PERSONAL_CONTACT_KINDS = ['meeting', 'home_visit', 'phone', 'video'] as const;
export const CHANNELS = ['written', 'oral', 'digital'] as const;
export const INITIATORS = ['citizen', 'kommune'] as const;
export const ASSIGNMENT_REASONS = ['initial', 'sickness', 'resignation', 'reorganisation', 'citizen_request', 'other'] as const;
export const DECISION_OUTCOMES = ['granted', 'partially_granted', 'refused'] as const;
/** Outcomes that are (also) a refusal: they need written reasons and, by good practice, an oral explanation. */
export const REFUSAL_OUTCOMES = ['refused', 'partially_granted'] as const;
/** Outcomes that grant help, which must then start. */
export const GRANT_OUTCOMES = ['granted', 'partially_granted'] as const;

export function isRefusal(outcome: DecisionOutcome): boolean {
  return (REFUSAL_OUTCOMES as readonly DecisionOutcome[]).includes(outcome);
}

export function isGrant(outcome: DecisionOutcome): boolean {
  return (GRANT_OUTCOMES as readonly DecisionOutcome[]).includes(outcome);
}
export const DECIDERS = ['caseworker', 'committee'] as const;
export const ORAL_EXPLANATION_KINDS = ['meeting', 'home_visit', 'phone', 'video'] as const;
export const COMPLAINT_KINDS = ['appeal', 'service_complaint'] as const;
export const REASSESSMENT_RESULTS = ['kept', 'changed', 'partially_changed'] as const;
/** Ankestyrelsen's outcomes: upheld, changed, annulled, returned, dismissed. */
export const APPEAL_OUTCOMES = ['stadfaestet', 'aendret', 'ophaevet', 'hjemvist', 'afvist'] as const;
export const CLOSE_REASONS = ['help_ended', 'withdrawn', 'moved', 'deceased', 'other'] as const;

export type ContactKind = (typeof CONTACT_KINDS)[number];
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

interface Event<Type extends string, Data> {
  type: Type;
  data: CaseEventEnvelope & Data;
}

export type HelpRequested = Event<
  'HelpRequested',
  { citizenPseudonym: string; area: string; department: Department; channel: (typeof CHANNELS)[number] }
>;
export type DeadlineExtensionNotified = Event<'DeadlineExtensionNotified', { expectedDecisionBy: string }>;
export type ContactRecorded = Event<'ContactRecorded', { kind: ContactKind; initiatedBy: (typeof INITIATORS)[number] }>;
export type CaseworkerAssigned = Event<'CaseworkerAssigned', { caseworkerPseudonym: string; reason: (typeof ASSIGNMENT_REASONS)[number] }>;
export type DecisionMade = Event<
  'DecisionMade',
  {
    decisionId: string;
    outcome: DecisionOutcome;
    writtenReasons: boolean;
    complaintGuidance: boolean;
    /** A calendar date (YYYY-MM-DD), meaning 00:00 Europe/Copenhagen; absent for a refusal. */
    plannedStart?: string;
    decidedBy: (typeof DECIDERS)[number];
  }
>;
export type RefusalExplainedOrally = Event<'RefusalExplainedOrally', { decisionId: string; kind: (typeof ORAL_EXPLANATION_KINDS)[number] }>;
export type HelpDelivered = Event<'HelpDelivered', { decisionId: string }>;
export type ComplaintReceived = Event<'ComplaintReceived', { complaintId: string; kind: ComplaintKind; decisionId?: string }>;
export type ComplaintReassessed = Event<'ComplaintReassessed', { complaintId: string; result: (typeof REASSESSMENT_RESULTS)[number] }>;
export type AppealDecided = Event<'AppealDecided', { complaintId: string; outcome: AppealOutcome }>;
export type CaseClosed = Event<'CaseClosed', { reason: (typeof CLOSE_REASONS)[number] }>;

export type CaseEvent =
  | HelpRequested
  | DeadlineExtensionNotified
  | ContactRecorded
  | CaseworkerAssigned
  | DecisionMade
  | RefusalExplainedOrally
  | HelpDelivered
  | ComplaintReceived
  | ComplaintReassessed
  | AppealDecided
  | CaseClosed;

export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES = [
  'HelpRequested',
  'DeadlineExtensionNotified',
  'ContactRecorded',
  'CaseworkerAssigned',
  'DecisionMade',
  'RefusalExplainedOrally',
  'HelpDelivered',
  'ComplaintReceived',
  'ComplaintReassessed',
  'AppealDecided',
  'CaseClosed',
] as const satisfies readonly CaseEventType[];

/** One stream per case: its events, in the order they arrived. */
export function caseStreamName(kommune: string, caseId: string): string {
  return `case-${kommune}-${caseId}`;
}

export function isCaseStream(streamName: string): boolean {
  return streamName.startsWith('case-');
}
