import type { CaseEventRequest } from './case-event.requests';
import type { CaseEvent } from './case-events';

/** Pseudonymises a raw person id of a kommune: a keyed HMAC (libs/auth), never reversible here. */
export type Pseudonymise = (kommune: string, kind: 'citizen' | 'caseworker', value: string) => string;

/**
 * A validated request as the event to store: times in UTC, and the raw person ids replaced by their
 * pseudonyms at the door, so that nothing after this point ever holds one.
 */
export function toCaseEvent(request: CaseEventRequest, pseudonymise: Pseudonymise): CaseEvent {
  const { kommune, caseId } = request;
  const envelope = { kommune, caseId, occurredAt: new Date(request.occurredAt).toISOString() };
  const data = { ...(request.data as Record<string, unknown>) };
  if (typeof data['citizenId'] === 'string') {
    data['citizenPseudonym'] = pseudonymise(kommune, 'citizen', data['citizenId']);
    delete data['citizenId'];
  }
  if (typeof data['caseworkerId'] === 'string') {
    data['caseworkerPseudonym'] = pseudonymise(kommune, 'caseworker', data['caseworkerId']);
    delete data['caseworkerId'];
  }
  if (typeof data['expectedDecisionBy'] === 'string') data['expectedDecisionBy'] = new Date(data['expectedDecisionBy']).toISOString();
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return { type: request.type, data: { ...envelope, ...data } } as CaseEvent;
}
