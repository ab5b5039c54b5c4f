import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { ListFlagsQuery, type ListedFlag } from './list-flags.query';

const STATUS_FILTER = {
  open: '(f.cleared_at IS NULL OR f.cleared_at > $2)',
  cleared: 'f.cleared_at <= $2',
  all: 'true',
} as const;

/**
 * The flags visible at `now`: an instance shows once its moment has passed (`raised_at < now`), so a
 * time-driven flag appears the instant its due moment passes, and it is cleared once `cleared_at <= now`.
 */
@QueryHandler(ListFlagsQuery)
export class ListFlagsHandler implements IQueryHandler<ListFlagsQuery, { flags: ListedFlag[] }> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute(q: ListFlagsQuery): Promise<{ flags: ListedFlag[] }> {
    const { rows } = await this.db.query<{
      code: ListedFlag['code'];
      case_id: string;
      department: string;
      area: string;
      raised_at: Date;
      cleared_at: Date | null;
      details: ListedFlag['details'];
    }>(
      `SELECT f.code, f.case_id, f.department, f.area, f.raised_at, f.cleared_at, f.details
       FROM trust_monitor.flags f
       WHERE f.kommune = $1 AND f.raised_at < $2 AND ${STATUS_FILTER[q.status]}
         AND ($3::text IS NULL OR f.code = $3::text) AND ($4::text IS NULL OR f.department = $4::text)
       ORDER BY f.raised_at, f.case_id COLLATE "C", f.code, f.subject COLLATE "C"`,
      [q.kommune, q.now.toISOString(), q.code, q.department],
    );
    const now = q.now.getTime();
    return {
      flags: rows.map((row) => ({
        code: row.code,
        caseId: row.case_id,
        department: row.department,
        area: row.area,
        raisedAt: row.raised_at.toISOString(),
        ...(row.cleared_at && row.cleared_at.getTime() <= now ? { clearedAt: row.cleared_at.toISOString() } : {}),
        details: row.details,
      })),
    };
  }
}
