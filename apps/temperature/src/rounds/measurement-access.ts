import { NotFoundException } from '@nestjs/common';
import { assertKommuneAccess, type Principal } from '@tillidsbarometer/auth';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { loadRound, type RoundRow } from './round-repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's `:id` as a round id; anything that is not a UUID names no round (404, never a database error). */
export function measurementIdOf(id: string): string {
  if (!UUID.test(id)) throw new NotFoundException(`measurement ${id} does not exist`);
  return id.toLowerCase();
}

/**
 * The round, for a caller of its own kommune (or admin). The /api/v1/measurements/{id} routes carry no :kommune for
 * the guard to check, so the round's kommune is checked here (403 for another kommune's round).
 */
export async function roundForPrincipal(client: SqlClient, id: string, principal: Principal): Promise<RoundRow> {
  const round = await loadRound(client, measurementIdOf(id));
  if (!round) throw new NotFoundException(`measurement ${id} does not exist`);
  assertKommuneAccess(principal, round.kommune);
  return round;
}
