import type { Deterioration } from '@tillidsbarometer/testing';

/** What a first start seeds: the generator's options, fixed at the start of seeding and kept in the store. */
export interface DemoPlan {
  seed: number;
  /** Cases are received in [from, to); ISO-8601 UTC. */
  from: string;
  to: string;
  /** The generator's scale (1: about 200,000 requests a year in all of Denmark). */
  scale: number;
  /** Kommune codes (all 98 when left out): a smaller demo for tests. */
  kommuner?: string[];
  deteriorations: Deterioration[];
}

/** The same demo on every machine: the generator is deterministic for a seed. */
export const DEMO_SEED = 20_260_101;

/**
 * 0.01 of Denmark's real volume: about 40,000 events over two years for all 98 kommuner. Chosen so that a first
 * start on PGlite (the write side, then every projection: facts, flags, warnings, alerts, snapshots; all on one
 * core) fits the minute on a quiet machine (bench/results.md, section dashboard); København still gets about 330
 * requests a year, enough for its control chart to show its deterioration, and the smallest kommuner get a few, so
 * suppressed cells are there to see nationally.
 */
export const DEMO_SCALE = 0.01;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * 24 months up to today (00:00 UTC), and four kommuner whose late first decisions grow from a given week, so
 * that the warnings, alerts and control charts have something to show: three large kommuner as a whole and one
 * department of a fourth, all in the last three months. At scale 0.01 København's is the one the CUSUM (ARL0 700
 * weeks) signals on and still fires at the end of the period; the others have too few cases a week to be told from
 * chance, which their control charts show too.
 */
export function demoPlan(now: Date, scale = DEMO_SCALE, kommuner?: readonly string[]): DemoPlan {
  const to = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = to - 730 * DAY_MS;
  const weeksAgo = (weeks: number) => new Date(mondayOnOrBefore(to) - weeks * WEEK_MS).toISOString();
  const included = (code: string) => kommuner === undefined || kommuner.includes(code);
  return {
    seed: DEMO_SEED,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    scale,
    ...(kommuner === undefined ? {} : { kommuner: [...kommuner] }),
    deteriorations: [
      { kommune: '101', fromWeek: weeksAgo(10), lateDecisionOddsRatio: 4 },
      { kommune: '751', fromWeek: weeksAgo(8), lateDecisionOddsRatio: 8 },
      { kommune: '461', fromWeek: weeksAgo(12), lateDecisionOddsRatio: 10, department: 'children_family' },
      { kommune: '851', fromWeek: weeksAgo(6), lateDecisionOddsRatio: 10 },
    ].filter((deterioration) => included(deterioration.kommune)),
  };
}

/** The Monday 00:00 UTC at or before `ms` (1970-01-01 was a Thursday). */
function mondayOnOrBefore(ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  return (days - ((days + 3) % 7)) * DAY_MS;
}
