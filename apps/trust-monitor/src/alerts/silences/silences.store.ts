import { randomUUID } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { assertKommuneAccess, type Principal } from '@tillidsbarometer/auth';
import type { FieldError } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import type { AlertCode } from '../alert-codes';
import { ALERTING_WAKE } from '../alerting.schema';
import { assertUuid, fieldError, validBody } from '../request-body';
import { SilenceRequest } from './silence.request';

const MAX_SILENCE_MS = 366 * 86_400_000;
export const SILENCE_STATUSES = ['pending', 'active', 'expired', 'all'] as const;

export interface Silence {
  id: string;
  /** null: every kommune (admin only). */
  kommune: string | null;
  codes: AlertCode[] | null;
  caseId?: string;
  startsAt: string;
  endsAt: string;
  /** pending (starts later), active, or expired (ended, or deleted). */
  status: 'pending' | 'active' | 'expired';
  createdAt: string;
}

interface SilenceRow {
  id: string;
  kommune: string | null;
  codes: AlertCode[] | null;
  case_id: string | null;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
}

/**
 * Silences (Alertmanager's): matchers and a time. An alert they match is not notified while one holds; when it
 * ends, an alert it held back that still fires is notified (and one that was told firing and has since been
 * resolved is told resolved).
 */
@Injectable()
export class SilencesStore {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(body: unknown, principal: Principal): Promise<Silence> {
    const now = this.clock();
    const request = validBody(SilenceRequest, body, (r) => {
      const errors: FieldError[] = [];
      const startsAt = r.startsAt === undefined ? now.getTime() : Date.parse(r.startsAt);
      const endsAt = Date.parse(r.endsAt);
      if (endsAt <= Math.max(startsAt, now.getTime()))
        errors.push(fieldError('endsAt', 'afterStart', 'must be after startsAt and after now'));
      else if (endsAt - startsAt > MAX_SILENCE_MS)
        errors.push(fieldError('endsAt', 'maxDuration', 'must be at most 366 days after startsAt'));
      if (r.kommune === undefined && principal.role !== 'admin') {
        errors.push(fieldError('kommune', 'isDefined', 'is required for a kommune token: its own kommune'));
      }
      return errors;
    });
    if (request.kommune !== undefined) assertKommuneAccess(principal, request.kommune);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO alerting.silences (id, kommune, codes, case_id, starts_at, ends_at, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          request.kommune ?? null,
          request.codes ?? null,
          request.caseId ?? null,
          request.startsAt === undefined ? now : new Date(request.startsAt),
          new Date(request.endsAt),
          now,
          principal.subject,
        ],
      );
      await tx.query('SELECT pg_notify($1, $2)', [ALERTING_WAKE, 'silence']);
    });
    return (await this.find(id))!;
  }

  async list(principal: Principal, kommune: string | undefined, status: (typeof SILENCE_STATUSES)[number]): Promise<Silence[]> {
    if (kommune !== undefined) assertKommuneAccess(principal, kommune);
    const only = principal.role === 'admin' ? kommune : principal.kommune;
    const { rows } = await this.db.query<SilenceRow>(
      `SELECT * FROM alerting.silences WHERE ($1::text IS NULL OR kommune = $1)
         AND CASE $3::text WHEN 'pending' THEN starts_at > $2 WHEN 'active' THEN starts_at <= $2 AND ends_at > $2
                           WHEN 'expired' THEN ends_at <= $2 ELSE true END
       ORDER BY starts_at DESC, id`,
      [only ?? null, this.clock(), status],
    );
    const now = this.clock();
    return rows.map((row) => view(row, now));
  }

  /** Expires a silence now (kept, as expired, like Alertmanager's): what it held back and still fires is notified. */
  async expire(id: string, principal: Principal): Promise<void> {
    assertUuid(id, 'silence');
    const silence = await this.find(id);
    if (!silence) throw new NotFoundException(`no silence has id ${id}`);
    if (principal.role !== 'admin') {
      if (silence.kommune === null) throw new ForbiddenException('a silence for every kommune belongs to admin');
      assertKommuneAccess(principal, silence.kommune);
    }
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE alerting.silences SET ends_at = LEAST(ends_at, $2) WHERE id = $1', [id, this.clock()]);
      await tx.query('SELECT pg_notify($1, $2)', [ALERTING_WAKE, 'silence']);
    });
  }

  private async find(id: string): Promise<Silence | undefined> {
    const { rows } = await this.db.query<SilenceRow>('SELECT * FROM alerting.silences WHERE id = $1', [id]);
    return rows[0] && view(rows[0], this.clock());
  }
}

function view(row: SilenceRow, now: Date): Silence {
  const status = row.starts_at > now ? 'pending' : row.ends_at > now ? 'active' : 'expired';
  return {
    id: row.id,
    kommune: row.kommune,
    codes: row.codes,
    ...(row.case_id === null ? {} : { caseId: row.case_id }),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    status,
    createdAt: row.created_at.toISOString(),
  };
}
