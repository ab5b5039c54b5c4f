import type { Principal } from '@tillidsbarometer/auth';
import type { FieldError } from '@tillidsbarometer/domain';

/** Record the case events of one request, in order, each on its own (CONTRACT.md section 2). */
export class RecordCaseEventsCommand {
  constructor(
    /** The events as received: validated one by one by the handler. */
    readonly bodies: readonly unknown[],
    readonly principal: Principal,
  ) {}
}

/** One event's answer: `{eventId, status, position?, errors?}`, in the order of the request. */
export interface RecordedCaseEvent {
  /** As sent (null when it was missing or not a string). */
  eventId: string | null;
  status: 'stored' | 'duplicate' | 'rejected';
  /** The event's global position in the store (for a duplicate, the original's). */
  position?: number;
  errors?: FieldError[];
}

/** Rules whose rejection is not about the event itself; the single-event answer maps them to 403 and 409. */
export const FORBIDDEN_RULE = 'forbidden';
export const CONCURRENT_CHANGE_RULE = 'concurrentChange';
