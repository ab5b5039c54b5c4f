import { AREAS, DEPARTMENT_SHARES } from './calibration';
import { typicalKommuneProfile } from './kommune-profile';
import { planCase } from './plan-case';
import { Random } from './random';

const SAMPLE_CASES = 4000;
/** A Tuesday, 10:00 Copenhagen: the sample's requests; only the offsets of their events matter. */
const SAMPLE_RECEIVED_AT = Date.parse('2024-03-05T09:00:00Z') / 1000;

let offsets: Float64Array | undefined;

/**
 * The expected number of events of a case that has had `ageSeconds` to happen (its events up to `to`), from a
 * fixed sample of cases planned for the typical kommune: what estimate() multiplies the expected cases by.
 */
export function expectedEventsPerCase(ageSeconds: number): number {
  offsets ??= sampleOffsets();
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! <= ageSeconds) low = middle + 1;
    else high = middle;
  }
  return low / SAMPLE_CASES;
}

function sampleOffsets(): Float64Array {
  const random = new Random(0x5eed);
  const profile = typicalKommuneProfile(SAMPLE_RECEIVED_AT);
  const weights = AREAS.map((area) => DEPARTMENT_SHARES[area.department] * area.share);
  const all: number[] = [];
  for (let i = 0; i < SAMPLE_CASES; i++) {
    const plan = planCase(
      { receivedAt: SAMPLE_RECEIVED_AT, areaIndex: random.pick(weights), channel: 0, citizen: 1 },
      profile,
      random,
      () => 1,
    );
    for (const event of plan) all.push(event.at - SAMPLE_RECEIVED_AT);
  }
  return Float64Array.from(all).sort();
}
