import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { KOMMUNE_CODES, type SnapshotReason } from '@tillidsbarometer/domain';
import { DATABASE, type Database, type SqlClient } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import { NATIONAL_FEED_CHANNEL } from '../national-feed.schema';
import { buildKommuneSnapshot } from '../snapshot/build-kommune-snapshot';
import { gatherSnapshotFacts } from '../snapshot/gather-snapshot-facts';
import { ClosedMeasurementsSubscription } from '../measurements/closed-measurements.subscription';
import { SnapshotRelay } from '../outbox/snapshot-relay';
import { TrustProjectionService } from '../../projection/trust-projection.service';

export interface PublishOptions {
  /** The moment the figures are as of; now by default. */
  asOf?: Date;
  /** What makes the publication happen once (a week's Monday, a measurement id); none for an on-demand one. */
  occasion?: string;
}

export interface PublishedSnapshot {
  snapshotId: string;
  kommune: string;
  reason: SnapshotReason;
  asOf: string;
  /** False when the occasion had been published before: its snapshot id is returned and nothing new is made. */
  created: boolean;
}

/** PostgreSQL's serialization failure: a concurrent publisher of the same occasion committed first. */
const SERIALIZATION_FAILURE = '40001';

/**
 * Computes a kommune's snapshot and puts it in the outbox, in one transaction: the snapshot is either wholly in the
 * outbox or not at all, and the relay (which alone talks to the bus) sends what is there. Weekly, on demand, when a
 * measurement closes, and for every kommune at once after the demo is seeded.
 */
@Injectable()
export class SnapshotPublisher {
  private readonly logger = new Logger(SnapshotPublisher.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly relay: SnapshotRelay,
    private readonly measurements: ClosedMeasurementsSubscription,
    private readonly modules: ModuleRef,
  ) {}

  async publish(kommune: string, reason: SnapshotReason, options: PublishOptions = {}): Promise<PublishedSnapshot> {
    const published = await this.inTransaction((tx) => this.computeAndStore(tx, kommune, reason, options));
    if (published.created) this.relay.wake();
    return published;
  }

  /**
   * One snapshot per kommune (all 98 by default), each in its own transaction, one after the other: what the
   * embedded demo calls once its data is seeded. It first waits until the facts and the closed measurements have
   * caught up with the store (so that what was just seeded counts). Resolves with the snapshots once they are in the
   * outbox; the relay sends them on.
   */
  async publishAllSnapshots(
    options: { kommuner?: readonly string[]; asOf?: Date; reason?: SnapshotReason } = {},
  ): Promise<PublishedSnapshot[]> {
    await this.modules.get(TrustProjectionService, { strict: false }).caughtUp();
    await this.measurements.caughtUp();
    const kommuner = options.kommuner ?? KOMMUNE_CODES;
    const asOf = options.asOf ?? this.clock();
    const started = Date.now();
    const published: PublishedSnapshot[] = [];
    for (const kommune of kommuner) published.push(await this.publish(kommune, options.reason ?? 'on_demand', { asOf }));
    this.logger.log(`published ${published.length} kommune snapshots as of ${asOf.toISOString()} in ${Date.now() - started} ms`);
    return published;
  }

  /**
   * Computes and stores in the caller's transaction (`requested-publications` also deletes its request in it). The
   * transaction reads one state of the facts (REPEATABLE READ), so the whole-kommune cells are the sums of the
   * department cells the secondary suppression reasons about.
   */
  async computeAndStore(tx: SqlClient, kommune: string, reason: SnapshotReason, options: PublishOptions = {}): Promise<PublishedSnapshot> {
    const asOf = options.asOf ?? this.clock();
    const occasion = options.occasion ?? null;
    if (occasion !== null) {
      const { rows } = await tx.query<{ snapshot_id: string; as_of: Date }>(
        'SELECT snapshot_id, as_of FROM national_feed.snapshots WHERE kommune = $1 AND reason = $2 AND occasion = $3',
        [kommune, reason, occasion],
      );
      if (rows[0]) return { snapshotId: rows[0].snapshot_id, kommune, reason, asOf: rows[0].as_of.toISOString(), created: false };
    }
    const snapshotId = randomUUID();
    const computedAt = this.clock();
    const snapshot = buildKommuneSnapshot(await gatherSnapshotFacts(tx, { snapshotId, kommune, reason, asOf, computedAt }));
    const { rowCount } = await tx.query(
      `INSERT INTO national_feed.snapshots (snapshot_id, kommune, reason, occasion, as_of, computed_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kommune, reason, occasion) WHERE occasion IS NOT NULL DO NOTHING`,
      [snapshotId, kommune, reason, occasion, asOf.toISOString(), computedAt.toISOString(), JSON.stringify(snapshot)],
    );
    // Published meanwhile by another instance: the retry of inTransaction answers with that one.
    if (rowCount === 0)
      throw Object.assign(new Error(`${reason} snapshot ${occasion} of ${kommune} was published concurrently`), {
        code: SERIALIZATION_FAILURE,
      });
    // The kommune's measurement closes this transaction can see are in this snapshot: their requests are answered.
    await tx.query('DELETE FROM national_feed.requested_publications WHERE kommune = $1', [kommune]);
    await tx.query('SELECT pg_notify($1, $2)', [NATIONAL_FEED_CHANNEL, kommune]);
    return { snapshotId, kommune, reason, asOf: asOf.toISOString(), created: true };
  }

  /** A transaction that reads one state of the facts; retried once when a concurrent publisher of the same occasion won. */
  async inTransaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    const attempt = () =>
      this.db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        return work(tx);
      });
    try {
      return await attempt();
    } catch (error) {
      if ((error as { code?: string }).code !== SERIALIZATION_FAILURE) throw error;
      return attempt();
    }
  }
}
