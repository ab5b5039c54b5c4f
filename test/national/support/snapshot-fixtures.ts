import { randomUUID } from 'node:crypto';
import { KOMMUNE_SNAPSHOTS_TOPIC, type IntegrationBus } from '@tillidsbarometer/bus';
import {
  DEPARTMENTS,
  SNAPSHOT_TREND_INDICATORS,
  type Department,
  type KommuneSnapshot,
  type SnapshotWarning,
} from '@tillidsbarometer/domain';
import { distribution, proportion, rate, type Proportion } from '@tillidsbarometer/indicators';
import type { IndicatorId } from '@tillidsbarometer/trust-monitor';
import { buildKommuneSnapshot, type RawCell } from '@tillidsbarometer/trust-monitor/src/national-feed/snapshot/build-kommune-snapshot';
import { trendMoments } from '@tillidsbarometer/trust-monitor/src/national-feed/snapshot/gather-snapshot-facts';

type Figure = RawCell['indicators'][IndicatorId];

export interface FixtureOptions {
  kommune: string;
  asOf: Date;
  /** Units per department in every proportion (the whole kommune has five times as many). */
  size: number;
  /** Whole-kommune [numerator, denominator] of one of the funnel's proportions, spread over the departments. */
  rows?: Partial<Record<IndicatorId, [number, number]>>;
  warnings?: SnapshotWarning[];
  snapshotId?: string;
}

/** n split over the five departments as evenly as whole numbers allow (the first ones get the remainder). */
function split(n: number): number[] {
  return DEPARTMENTS.map((_, i) => Math.floor(n / 5) + (i < n % 5 ? 1 : 0));
}

/**
 * A kommune snapshot built by the publisher's own code (buildKommuneSnapshot, so suppressed as it would be) from
 * figures made up for a test: every proportion at 60 % of `size` units per department unless `rows` says otherwise.
 */
export function fixtureSnapshot(options: FixtureOptions): KommuneSnapshot {
  const { size } = options;
  const base = (id: IndicatorId, department: number): Figure => {
    const row = options.rows?.[id];
    if (row) {
      const numerators = split(row[0]);
      const denominators = split(row[1]);
      // Keep numerator <= denominator per department: move the excess to the departments with room.
      const n = numerators.map((num, i) => Math.min(num, denominators[i]!));
      let rest = row[0] - n.reduce((a, b) => a + b, 0);
      for (let i = 0; i < 5 && rest > 0; i++) {
        const room = denominators[i]! - n[i]!;
        const add = Math.min(room, rest);
        n[i]! += add;
        rest -= add;
      }
      return proportion(n[department]!, denominators[department]!);
    }
    switch (id) {
      case 'overdue_open_requests':
        return {
          ...proportion(Math.round(size * 0.3), size),
          count: Math.round(size * 0.3),
          withNotice: 0,
          withoutNotice: Math.round(size * 0.3),
        };
      case 'caseworker_changes_per_case_year':
      case 'personal_contacts_per_case_month':
        return rate(size, size / 2);
      case 'complaints_per_100_decisions':
        return rate(Math.round(size / 10), size, 100);
      case 'time_to_decision_days':
      case 'time_to_help_days':
        return distribution(Array.from({ length: size }, (_, i) => 10 + i));
      default:
        return proportion(Math.round(size * 0.6), size);
    }
  };
  const whole = (id: IndicatorId): Figure => {
    const parts = DEPARTMENTS.map((_, i) => base(id, i));
    if (id === 'time_to_decision_days' || id === 'time_to_help_days') {
      return distribution(Array.from({ length: size * 5 }, (_, i) => 10 + (i % size)));
    }
    const numerator = parts.reduce((sum, f) => sum + (f as Proportion).numerator, 0);
    const denominator = parts.reduce((sum, f) => sum + (f as Proportion).denominator, 0);
    if (id === 'overdue_open_requests')
      return { ...proportion(numerator, denominator), count: numerator, withNotice: 0, withoutNotice: numerator };
    if (id === 'caseworker_changes_per_case_year' || id === 'personal_contacts_per_case_month') return rate(numerator, denominator);
    if (id === 'complaints_per_100_decisions') return rate(numerator, denominator, 100);
    return proportion(numerator, denominator);
  };
  const ids = Object.keys(ALL) as IndicatorId[];
  const cells: RawCell[] = [];
  for (const window of [30, 90, 365] as const) {
    cells.push({ window, department: null, indicators: Object.fromEntries(ids.map((id) => [id, whole(id)])), casesOpenInWindow: size * 5 });
    DEPARTMENTS.forEach((department: Department, i) =>
      cells.push({ window, department, indicators: Object.fromEntries(ids.map((id) => [id, base(id, i)])), casesOpenInWindow: size }),
    );
  }
  const trend = trendMoments(options.asOf).flatMap((at) =>
    ([30, 90, 365] as const).map((window) => ({
      at,
      window,
      indicators: Object.fromEntries(SNAPSHOT_TREND_INDICATORS.map((id) => [id, whole(id as IndicatorId)])),
    })),
  );
  return buildKommuneSnapshot({
    snapshotId: options.snapshotId ?? randomUUID(),
    kommune: options.kommune,
    reason: 'weekly',
    asOf: options.asOf,
    computedAt: new Date(options.asOf.getTime() + 5_000),
    cells,
    trend,
    measurements: [],
    warnings: options.warnings ?? [],
  });
}

const ALL: Record<IndicatorId, true> = {
  timely_decisions: true,
  overdue_open_requests: true,
  extension_notice_compliance: true,
  late_help_start: true,
  oral_explanation_of_refusals: true,
  written_reasons: true,
  complaint_guidance: true,
  caseworker_changes_per_case_year: true,
  high_caseworker_turnover: true,
  personal_contacts_per_case_month: true,
  home_visit_share: true,
  complaints_per_100_decisions: true,
  timely_reassessment: true,
  appeal_reversal_rate: true,
  time_to_decision_days: true,
  time_to_help_days: true,
};

/** Publishes snapshots as the kommuner's relays do: keyed by kommune, the snapshot id as message id. */
export async function publishSnapshots(bus: IntegrationBus, snapshots: readonly KommuneSnapshot[]): Promise<void> {
  await bus.publish(
    KOMMUNE_SNAPSHOTS_TOPIC,
    snapshots.map((snapshot) => ({ key: snapshot.kommune, id: snapshot.snapshotId, value: Buffer.from(JSON.stringify(snapshot)) })),
  );
}
