import type { SqlClient } from '@tillidsbarometer/event-store';
import type { RespondentRole } from '@tillidsbarometer/surveys';
import { hashSurveyToken } from './survey-token';
import { loadRound, type RoundRow } from './round-repository';

/**
 * What a token opens, as of `now`. The order of the answers: unknown (404), the round closed (410, whatever the
 * token), not open yet (409), used (409), else open with the role to answer as. A round counts as closed from its
 * closesAt and open from its opensAt, whether or not the keeper has written those events yet.
 */
export interface FoundToken {
  kind: 'closed' | 'notOpenYet' | 'used' | 'open';
  round: RoundRow;
  role: RespondentRole;
  tokenHash: string;
}
export type TokenState = { kind: 'unknown' } | FoundToken;

export async function lookUpToken(client: SqlClient, token: string, now: Date): Promise<TokenState> {
  const tokenHash = hashSurveyToken(token);
  const { rows } = await client.query<{ measurement_id: string; role: RespondentRole; unused: boolean }>(
    `SELECT t.measurement_id::text AS measurement_id, t.role,
            EXISTS (SELECT 1 FROM temperature.unused_tokens u WHERE u.token_hash = t.token_hash) AS unused
     FROM temperature.tokens t WHERE t.token_hash = $1`,
    [tokenHash],
  );
  const found = rows[0];
  if (!found) return { kind: 'unknown' };
  const round = await loadRound(client, found.measurement_id);
  if (!round) return { kind: 'unknown' };
  const base = { round, role: found.role, tokenHash };
  if (round.state.status === 'closed' || now.getTime() >= Date.parse(round.state.closesAt)) return { kind: 'closed', ...base };
  if (now.getTime() < Date.parse(round.state.opensAt)) return { kind: 'notOpenYet', ...base };
  return { kind: found.unused ? 'open' : 'used', ...base };
}
