import { fieldError, type FieldError } from '../validation/field-error';
import { GRANT_OUTCOMES, REFUSAL_OUTCOMES, type CaseEvent, type ComplaintKind, type DecisionOutcome } from './case-events';

/**
 * A case, as far as its invariants need to know it (CONTRACT.md section 1).
 *
 * Events of a case may arrive out of `occurredAt` order, so every invariant here is about what the case
 * system has *told us*, in the order it told us, never about when things happened:
 * - the case must be opened by its HelpRequested before anything else arrives, and only once;
 * - a decision or complaint must have been sent before an event refers to it, and refer to the right kind;
 * - after CaseClosed arrives the case takes nothing more, even an event whose occurredAt lies before the
 *   close: a case system sends a case's events before closing it.
 * Timestamps are taken as given and never compared here: the indicators order by occurredAt.
 */
export interface CaseState {
  status: 'not_requested' | 'open' | 'closed';
  decisions: ReadonlyMap<string, DecisionOutcome>;
  complaints: ReadonlyMap<string, { kind: ComplaintKind; reassessed: boolean; decided: boolean }>;
}

export const initialCaseState: CaseState = { status: 'not_requested', decisions: new Map(), complaints: new Map() };

export type CaseDecision = { ok: true; events: CaseEvent[] } | { ok: false; errors: FieldError[] };

/** Whether the case takes `event` now: the event itself, or the rules it breaks. */
export function decide(state: CaseState, event: CaseEvent): CaseDecision {
  const errors = brokenRules(state, event);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events: [event] };
}

function brokenRules(state: CaseState, event: CaseEvent): FieldError[] {
  if (event.type === 'HelpRequested') {
    return state.status === 'not_requested'
      ? []
      : [fieldError('caseId', 'oneHelpRequestedPerCase', 'already has its HelpRequested (one per case)')];
  }
  if (state.status === 'not_requested') {
    return [fieldError('caseId', 'caseMustBeOpen', 'names no open case: send its HelpRequested first')];
  }
  if (state.status === 'closed') {
    return [fieldError('caseId', 'caseClosed', 'names a closed case, which takes no further events')];
  }
  switch (event.type) {
    case 'DecisionMade':
      return state.decisions.has(event.data.decisionId)
        ? [fieldError('data.decisionId', 'uniqueInCase', 'is already used by another decision of this case')]
        : [];
    case 'RefusalExplainedOrally':
      return decisionRules(
        state,
        event.data.decisionId,
        REFUSAL_OUTCOMES,
        'mustBeRefusal',
        'must name a refused or partially_granted decision',
      );
    case 'HelpDelivered':
      return decisionRules(
        state,
        event.data.decisionId,
        GRANT_OUTCOMES,
        'mustBeGrant',
        'must name a granted or partially_granted decision',
      );
    case 'ComplaintReceived': {
      if (state.complaints.has(event.data.complaintId)) {
        return [fieldError('data.complaintId', 'uniqueInCase', 'is already used by another complaint of this case')];
      }
      const decisionId = event.data.decisionId;
      return decisionId !== undefined && !state.decisions.has(decisionId)
        ? [fieldError('data.decisionId', 'mustExist', 'must name a decision of this case')]
        : [];
    }
    case 'ComplaintReassessed':
      return appealRules(state, event.data.complaintId, 'reassessed', 'alreadyReassessed', 'is already reassessed');
    case 'AppealDecided':
      return appealRules(state, event.data.complaintId, 'decided', 'alreadyDecided', 'is already decided by Ankestyrelsen');
    default:
      return [];
  }
}

function decisionRules(
  state: CaseState,
  decisionId: string,
  outcomes: readonly DecisionOutcome[],
  rule: string,
  text: string,
): FieldError[] {
  const outcome = state.decisions.get(decisionId);
  if (outcome === undefined) return [fieldError('data.decisionId', 'mustExist', 'must name a decision of this case')];
  return outcomes.includes(outcome) ? [] : [fieldError('data.decisionId', rule, `${text} (that decision was ${outcome})`)];
}

function appealRules(state: CaseState, complaintId: string, step: 'reassessed' | 'decided', rule: string, text: string): FieldError[] {
  const complaint = state.complaints.get(complaintId);
  if (complaint === undefined) return [fieldError('data.complaintId', 'mustExist', 'must name a complaint of this case')];
  if (complaint.kind !== 'appeal')
    return [fieldError('data.complaintId', 'mustBeAppeal', 'must name an appeal (that complaint is a service_complaint)')];
  return complaint[step] ? [fieldError('data.complaintId', rule, text)] : [];
}

/** The case after `event`. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'HelpRequested':
      return { ...state, status: 'open' };
    case 'CaseClosed':
      return { ...state, status: 'closed' };
    case 'DecisionMade':
      return { ...state, decisions: new Map(state.decisions).set(event.data.decisionId, event.data.outcome) };
    case 'ComplaintReceived':
      return {
        ...state,
        complaints: new Map(state.complaints).set(event.data.complaintId, { kind: event.data.kind, reassessed: false, decided: false }),
      };
    case 'ComplaintReassessed':
    case 'AppealDecided': {
      const complaint = state.complaints.get(event.data.complaintId);
      if (!complaint) return state;
      const step = event.type === 'ComplaintReassessed' ? { reassessed: true } : { decided: true };
      return { ...state, complaints: new Map(state.complaints).set(event.data.complaintId, { ...complaint, ...step }) };
    }
    default:
      return state;
  }
}

export const caseDecider = { decide, evolve, initialState: initialCaseState };
