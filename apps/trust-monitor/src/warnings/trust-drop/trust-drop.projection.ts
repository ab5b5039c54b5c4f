import type { RecordedEvent, SqlClient } from '@tillidsbarometer/event-store';
import { isMeasurementStream, questionSummary, scoredQuestionsFor, type MeasurementClosed } from '@tillidsbarometer/surveys';
import { replaceWarnings } from '../warnings.store';
import { trustDropWarnings, type ClosedCitizenRound, type TrustDropParameters } from './trust-drop';

/** The subscription that feeds TRUST_DROP; its checkpoint commits with the warnings it writes. */
export const TRUST_DROP_SUBSCRIPTION = 'trust-drop';

/**
 * Takes the MeasurementClosed events of a batch: stores each round's citizen summaries (a redelivered close is
 * stored once), then recomputes the TRUST_DROP warnings of every kommune that got a closed round, replacing the old.
 */
export async function projectTrustDrop(events: readonly RecordedEvent[], tx: SqlClient, parameters: TrustDropParameters): Promise<void> {
  const closes = events.filter((event) => event.type === 'MeasurementClosed' && isMeasurementStream(event.streamName));
  if (closes.length === 0) return;
  const rounds = closes.map((event) => citizenRound(event.data as unknown as MeasurementClosed['data']));
  await tx.query(
    `INSERT INTO trust_drop.closed_rounds (measurement_id, kommune, closed_at, questions)
     SELECT r.measurement_id, r.kommune, r.closed_at, r.questions FROM json_populate_recordset(NULL::trust_drop.closed_rounds, $1::json) r
     ON CONFLICT (measurement_id) DO NOTHING`,
    [
      JSON.stringify(
        rounds.map((r) => ({ measurement_id: r.measurementId, kommune: r.kommune, closed_at: r.closedAt, questions: r.questions })),
      ),
    ],
  );
  for (const kommune of new Set(rounds.map((round) => round.kommune))) {
    const { rows } = await tx.query<{ measurement_id: string; closed_at: Date; questions: ClosedCitizenRound['questions'] }>(
      'SELECT measurement_id, closed_at, questions FROM trust_drop.closed_rounds WHERE kommune = $1',
      [kommune],
    );
    const all = rows.map((row) => ({
      measurementId: row.measurement_id,
      kommune,
      closedAt: row.closed_at.toISOString(),
      questions: row.questions,
    }));
    await replaceWarnings(tx, kommune, 'TRUST_DROP', trustDropWarnings(all, parameters));
  }
}

function citizenRound(closed: MeasurementClosed['data']): ClosedCitizenRound {
  const questions = Object.fromEntries(
    scoredQuestionsFor(closed, 'citizen').map((question) => [question.id, questionSummary(closed.tally, 'citizen', question.id)]),
  );
  return { measurementId: closed.measurementId, kommune: closed.kommune, closedAt: new Date(closed.closedAt).toISOString(), questions };
}
