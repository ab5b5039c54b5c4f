import { responsesPerRole, type RespondentRole } from '@tillidsbarometer/surveys';
import type { RoundRow } from './round-repository';

/** A round as the dashboard manages it (GET /api/v1/measurements/{id} and the kommune's list). */
export interface MeasurementSummary {
  id: string;
  kommune: string;
  title: string;
  status: 'scheduled' | 'open' | 'closed';
  roles: RespondentRole[];
  questionIds: string[];
  opensAt: string;
  closesAt: string;
  openedAt: string | null;
  closedAt: string | null;
  closedBy: 'time' | 'hand' | null;
  /** How many one-time tokens were made per role. The tokens themselves were only in the answer that created the round. */
  tokensIssued: Partial<Record<RespondentRole, number>>;
  /** Responses per role written to the store so far (responses still in the mix pool count from their batch on). */
  responses: Record<string, number>;
}

export function summariseRound(round: RoundRow): MeasurementSummary {
  const { state } = round;
  return {
    id: round.id,
    kommune: round.kommune,
    title: state.title,
    status: state.status === 'none' ? 'scheduled' : state.status,
    roles: state.roles,
    questionIds: state.questionIds,
    opensAt: state.opensAt,
    closesAt: state.closesAt,
    openedAt: state.openedAt,
    closedAt: state.closedAt,
    closedBy: state.closedBy,
    tokensIssued: round.tokensIssued,
    responses: responsesPerRole(state.tally, state.roles),
  };
}
