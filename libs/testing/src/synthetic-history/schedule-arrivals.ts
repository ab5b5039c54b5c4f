import { DELIVERY } from './calibration';
import { DEPENDS_ON_ALL, TYPE, type PlannedEvent } from './plan-case';
import type { Random } from './random';

// Bound once: under Jest every lookup of a global (Math) goes through the vm context and costs a hundred times more.
const { min, max, round } = Math;

/**
 * Fields per event in a scheduled case: a flat array of small integers, so a pending case costs little memory
 * (exactly sized: an array grown by push keeps up to half again its length in spare capacity).
 */
export const STRIDE = 5;
/** Field offsets: arrival and occurredAt in seconds after the generator's base, then the planned event's fields. */
export const ARRIVAL = 0;
export const OCCURRED = 1;
/** The type (4 bits), `b` (5 bits) and the event's index in the plan (which, with the case, names it for its eventId). */
export const KIND_B_PLAN_INDEX = 2;
export const A = 3;
export const C = 4;

export const kindOf = (packed: number) => packed & 0xf;
export const bOf = (packed: number) => (packed >> 4) & 0x1f;
export const planIndexOf = (packed: number) => packed >> 9;

/** Events a source system may register late without breaking the case's order of arrival (nothing refers to them). */
const MAY_ARRIVE_LATE = new Set([
  TYPE.ContactRecorded,
  TYPE.DeadlineExtensionNotified,
  TYPE.CaseworkerAssigned,
  TYPE.HelpDelivered,
  TYPE.RefusalExplainedOrally,
]);

/**
 * Cuts a planned case at `limit` (no event after `to`) and decides when each event arrives: a few minutes after
 * it happened, or (a share of them) only after a later event of the case has arrived. Arrivals then respect
 * what the case decider requires: an event arrives after the one it refers to, CaseClosed after everything.
 * Returns the kept events sorted by arrival, last first, packed STRIDE numbers each; times relative to `base`.
 */
export function scheduleArrivals(
  plan: readonly PlannedEvent[],
  limit: number,
  base: number,
  random: Random,
  lateArrivalShare: number,
): number[] {
  const count = plan.length;
  const kept: boolean[] = new Array<boolean>(count);
  const arrival: number[] = new Array<number>(count);
  const late: number[] = new Array<number>(count);
  let keptCount = 0;
  for (let i = 0; i < count; i++) {
    const event = plan[i]!;
    kept[i] = event.at <= limit && (event.dependsOn < 0 || kept[event.dependsOn] === true);
    if (kept[i]) keptCount++;
    // Every planned event costs the same draws, kept or not: the kommune's stream must not depend on `to`.
    arrival[i] = event.at + round(random.between(DELIVERY.lagSeconds[0], DELIVERY.lagSeconds[1]));
    late[i] = random.next();
    random.next();
  }
  // The next moment anything else of the case happened, for each event (a late one arrives after that).
  let lastHappened = -Infinity;
  for (let i = 0; i < count; i++) if (kept[i] && plan[i]!.type !== TYPE.CaseClosed) lastHappened = max(lastHappened, plan[i]!.at);
  const nextHappened = (i: number): number | undefined => {
    const at = plan[i]!.at;
    let next: number | undefined;
    for (let j = 0; j < count; j++) {
      const other = plan[j]!;
      if (kept[j] && other.type !== TYPE.CaseClosed && other.at > at && (next === undefined || other.at < next)) next = other.at;
    }
    return next;
  };
  const eligible = plan.filter((event, i) => kept[i] && MAY_ARRIVE_LATE.has(event.type) && event.at < lastHappened).length;
  const lateChance = eligible === 0 ? 0 : min(1, (lateArrivalShare * keptCount) / eligible);
  for (let i = 0; i < count; i++) {
    if (!kept[i] || !MAY_ARRIVE_LATE.has(plan[i]!.type) || late[i]! >= lateChance) continue;
    const next = nextHappened(i);
    if (next === undefined) continue;
    // Registered late: after the next event of the case has happened and arrived.
    const extra = DELIVERY.lateExtraSeconds[0] + (late[i]! / lateChance) * (DELIVERY.lateExtraSeconds[1] - DELIVERY.lateExtraSeconds[0]);
    arrival[i] = max(arrival[i]!, next + DELIVERY.lagSeconds[1] + round(extra));
  }
  let latest = -Infinity;
  for (let i = 0; i < count; i++) {
    if (!kept[i]) continue;
    const { dependsOn } = plan[i]!;
    if (dependsOn === DEPENDS_ON_ALL) arrival[i] = max(arrival[i]!, latest + 1);
    else if (dependsOn >= 0) arrival[i] = max(arrival[i]!, arrival[dependsOn]! + 1);
    latest = max(latest, arrival[i]!);
  }
  const order: number[] = [];
  for (let i = 0; i < count; i++) if (kept[i]) order.push(i);
  order.sort((x, y) => arrival[x]! - arrival[y]! || x - y);
  const packed = new Array<number>(order.length * STRIDE);
  // Last arrival first: the consumer takes events from the end and shortens the array, which frees its memory.
  let offset = packed.length - STRIDE;
  for (const i of order) {
    const event = plan[i]!;
    // An expected decision date is a time too: relative to base like the others, so every field stays a small integer.
    const a = event.type === TYPE.DeadlineExtensionNotified ? event.a - base : event.a;
    packed[offset + ARRIVAL] = arrival[i]! - base;
    packed[offset + OCCURRED] = event.at - base;
    packed[offset + KIND_B_PLAN_INDEX] = event.type | (event.b << 4) | (i << 9);
    packed[offset + A] = a;
    packed[offset + C] = event.c;
    offset -= STRIDE;
  }
  return packed;
}
