import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DATABASE, type Database, type SqlClient } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import type { MeasurementCommand, StoredResponse } from '@tillidsbarometer/surveys';
import { randomInt } from 'node:crypto';
import { TEMPERATURE_CONFIG, type TemperatureConfig } from '../temperature.config';
import { applyToRound, changeRound, type RoundRow } from '../rounds/round-repository';

/**
 * Keeps rounds moving without anyone asking: opens a round when its opensAt comes, moves pooled responses into the
 * store in shuffled batches of at least the batch size, and closes a round when its closesAt passes — with the pool's
 * remainder and the final tally. It looks at the table of rounds on every tick, so after a restart (or a crash) it
 * does at once whatever fell due meanwhile. Each round changes under its exclusive lock in one transaction, so
 * several instances may run the keeper: they take turns per round.
 */
@Injectable()
export class RoundKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoundKeeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Responses left the pool since the last VACUUM; it runs at most once a tick (a demo seeds thousands of batches). */
  private vacuumDue = false;
  private lastVacuum = 0;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TEMPERATURE_CONFIG) private readonly config: TemperatureConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** A response entered the pool: look at the pools now rather than at the next tick. */
  responsePooled(_measurementId: string): void {
    this.schedule(0);
  }

  /** Runs one pass now (tests and the close by hand use the same code path as the ticker). */
  async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => (this.running = undefined));
    await this.running;
    if (this.again && !this.stopped) {
      this.again = false;
      await this.tick();
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.logger.error({ err: error }, 'the round keeper failed; it tries again at the next tick'))
        .finally(() => this.schedule(this.config.tickMs));
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    const now = this.clock();
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id::text AS id FROM temperature.measurements WHERE status = 'scheduled' AND opens_at <= $1
       UNION SELECT id::text FROM temperature.measurements WHERE status <> 'closed' AND closes_at <= $1
       UNION SELECT measurement_id::text FROM temperature.response_pool GROUP BY measurement_id HAVING count(*) >= $2`,
      [now.toISOString(), this.config.mixBatchSize],
    );
    let mixed = false;
    for (const { id } of rows) {
      try {
        mixed = (await changeRound(this.db, id, (tx, round) => this.advance(tx, round, now))) || mixed;
      } catch (error) {
        this.logger.error({ err: error, measurementId: id }, 'a round could not be advanced; it is tried again at the next tick');
      }
    }
    if (mixed) this.vacuumDue = true;
    if (this.vacuumDue && Date.now() - this.lastVacuum >= this.config.tickMs) await this.vacuumPool();
  }

  /** Opens, mixes and closes one round as far as `now` asks. Returns whether responses left the pool. */
  private async advance(tx: SqlClient, round: RoundRow, now: Date): Promise<boolean> {
    const { state } = round;
    if (state.status === 'closed') return false;
    const commands: MeasurementCommand[] = [];
    if (state.status === 'scheduled' && now.getTime() >= Date.parse(state.opensAt))
      commands.push({ type: 'OpenMeasurement', now: now.toISOString() });
    const closing = now.getTime() >= Date.parse(state.closesAt);
    const responses = await takeFromPool(tx, round.id, closing ? 1 : this.config.mixBatchSize);
    if (responses.length > 0) commands.push({ type: 'RecordResponses', responses, final: closing });
    if (closing) commands.push({ type: 'CloseMeasurement', by: 'time', now: now.toISOString() });
    await applyToRound(tx, round, commands);
    return responses.length > 0;
  }

  /** Closes a round by hand now: the pool's remainder is written first, then the close with the final tally. */
  async closeByHand(id: string, subject: string): Promise<RoundRow> {
    const now = this.clock();
    const closed = await changeRound(this.db, id, async (tx, round) => {
      const commands: MeasurementCommand[] = [];
      if (round.state.status === 'scheduled' && now.getTime() >= Date.parse(round.state.opensAt))
        commands.push({ type: 'OpenMeasurement', now: now.toISOString() });
      const responses = round.state.status === 'closed' ? [] : await takeFromPool(tx, round.id, 1);
      if (responses.length > 0) commands.push({ type: 'RecordResponses', responses, final: true });
      commands.push({ type: 'CloseMeasurement', by: 'hand', now: now.toISOString() });
      const { state } = await applyToRound(tx, round, commands, { metadata: { source: subject } });
      return { ...round, state };
    });
    this.vacuumDue = true;
    return closed;
  }

  /**
   * A deleted row stays on disk, with the transaction that wrote it, until VACUUM reclaims it: the pooled response
   * and the deleted token row were written by the same transaction. Vacuuming the two small tables within a tick of a
   * batch shortens the time in which the database itself could link them (residual risk: see the draft README).
   */
  private async vacuumPool(): Promise<void> {
    this.vacuumDue = false;
    this.lastVacuum = Date.now();
    await this.db
      .query('VACUUM temperature.response_pool, temperature.unused_tokens')
      .catch((error: unknown) => this.logger.warn({ err: error }, 'VACUUM of the mix pool failed; autovacuum will reclaim the rows later'));
  }
}

/**
 * Every pooled response of the round when there are at least `minimum`, in random order (Fisher-Yates with a
 * cryptographic generator): the pool's physical order is the order of arrival, which the store must not keep.
 */
async function takeFromPool(tx: SqlClient, measurementId: string, minimum: number): Promise<StoredResponse[]> {
  const { rows: counted } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM temperature.response_pool WHERE measurement_id = $1',
    [measurementId],
  );
  if ((counted[0]?.n ?? 0) < minimum) return [];
  const { rows } = await tx.query<{ response: StoredResponse }>(
    'DELETE FROM temperature.response_pool WHERE measurement_id = $1 RETURNING response',
    [measurementId],
  );
  const responses = rows.map((row) => row.response);
  for (let i = responses.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [responses[i], responses[j]] = [responses[j]!, responses[i]!];
  }
  return responses;
}
