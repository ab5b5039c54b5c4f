import { UnprocessableEntityException, ConflictException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FieldError } from '@tillidsbarometer/domain';
import { appendEvents, type Database, type JsonValue, type SqlClient } from '@tillidsbarometer/event-store';
import {
  decideMeasurement,
  evolveMeasurement,
  initialMeasurementState,
  measurementStreamName,
  type MeasurementCommand,
  type MeasurementEvent,
  type MeasurementState,
  type RespondentRole,
} from '@tillidsbarometer/surveys';

/** The advisory-lock namespace of rounds: a change of a round takes it exclusively, a response shares it. */
const ROUND_LOCK = 7_230_601;

export interface RoundRow {
  id: string;
  kommune: string;
  version: number;
  tokensIssued: Partial<Record<RespondentRole, number>>;
  state: MeasurementState;
}

interface StoredRow {
  id: string;
  kommune: string;
  version: number;
  tokens_issued: Partial<Record<RespondentRole, number>>;
  state: MeasurementState;
}

/**
 * Takes the round's lock for the rest of the transaction: exclusively to change it (the keeper, a close by hand), or
 * shared to pool a response, so that a close waits for responses being pooled and finds them all in the pool. An
 * advisory lock leaves no mark on any row (a row lock would write the locking transaction into the row).
 */
export async function lockRound(tx: SqlClient, id: string, mode: 'exclusive' | 'shared'): Promise<void> {
  const lock = mode === 'exclusive' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  await tx.query(`SELECT ${lock}($1, hashtext($2))`, [ROUND_LOCK, id]);
}

export async function loadRound(client: SqlClient, id: string): Promise<RoundRow | undefined> {
  const { rows } = await client.query<StoredRow>(
    'SELECT id::text AS id, kommune, version, tokens_issued, state FROM temperature.measurements WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row && { id: row.id, kommune: row.kommune, version: row.version, tokensIssued: row.tokens_issued, state: row.state };
}

/** Runs `work` on the round under its exclusive lock, in one transaction; 404 when there is no such round. */
export function changeRound<T>(db: Database, id: string, work: (tx: SqlClient, round: RoundRow) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockRound(tx, id, 'exclusive');
    const round = await loadRound(tx, id);
    if (!round) throw new NotFoundException(`measurement ${id} does not exist`);
    return work(tx, round);
  });
}

/** Raised when the decider refuses a command: the errors name the field and the rule. */
export class RoundRuleError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

/**
 * Decides the commands one after the other against the round, then appends all their events to the round's stream
 * and writes the new state, in the caller's transaction: the events and the row commit together, and the stream's
 * expected version guards against any writer that did not take the lock.
 */
export async function applyToRound(
  tx: SqlClient,
  round: Pick<RoundRow, 'id' | 'kommune' | 'version' | 'state'> | undefined,
  commands: readonly MeasurementCommand[],
  options: { metadata?: Record<string, JsonValue>; tokensIssued?: Partial<Record<RespondentRole, number>> } = {},
): Promise<{ state: MeasurementState; events: MeasurementEvent[] }> {
  let state = round?.state ?? initialMeasurementState;
  const events: MeasurementEvent[] = [];
  for (const command of commands) {
    const decision = decideMeasurement(state, command);
    if (!decision.ok) throw new RoundRuleError(decision.errors);
    for (const event of decision.events) state = evolveMeasurement(state, event);
    events.push(...decision.events);
  }
  if (events.length === 0) return { state, events };
  const stream = measurementStreamName(state.kommune, state.measurementId);
  const [result] = await appendEvents(tx, [
    {
      streamName: stream,
      expectedVersion: round ? round.version : 'no_stream',
      events: events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        data: event.data as unknown as JsonValue,
        // Responses carry nothing but themselves: not even who closed the round they were flushed with.
        metadata: event.type === 'ResponsesRecorded' ? {} : (options.metadata ?? {}),
      })),
    },
  ]);
  if (result!.status !== 'appended')
    throw new ConflictException(`measurement ${state.measurementId} was changed by another writer; try again`);
  const row = {
    id: state.measurementId,
    kommune: state.kommune,
    status: state.status,
    opens_at: state.opensAt,
    closes_at: state.closesAt,
    closed_at: state.closedAt,
    version: result!.nextExpectedVersion,
    state,
  };
  if (round) {
    await tx.query(`UPDATE temperature.measurements SET status = $2, closed_at = $3, version = $4, state = $5::jsonb WHERE id = $1`, [
      row.id,
      row.status,
      row.closed_at,
      row.version,
      JSON.stringify(state),
    ]);
  } else {
    await tx.query(
      `INSERT INTO temperature.measurements (id, kommune, status, opens_at, closes_at, closed_at, version, tokens_issued, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
      [
        row.id,
        row.kommune,
        row.status,
        row.opens_at,
        row.closes_at,
        row.closed_at,
        row.version,
        JSON.stringify(options.tokensIssued ?? {}),
        JSON.stringify(state),
      ],
    );
  }
  return { state, events };
}

/** A refusal of the decider as the HTTP answer: 409 for the round's state, 422 for what the request asked. */
export function ruleErrorToHttp(error: unknown): never {
  if (!(error instanceof RoundRuleError)) throw error;
  const body = { message: error.message, errors: error.errors };
  if (error.errors.some((e) => ['alreadyClosed', 'notScheduled', 'notOpen', 'alreadyExists'].includes(e.rule)))
    throw new ConflictException(body);
  throw new UnprocessableEntityException(body);
}
