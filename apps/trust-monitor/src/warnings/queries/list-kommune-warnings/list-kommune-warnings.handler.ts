import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { listWarnings } from '../../warnings.store';
import { ListKommuneWarningsQuery, type KommuneWarnings } from './list-kommune-warnings.query';

@QueryHandler(ListKommuneWarningsQuery)
export class ListKommuneWarningsHandler implements IQueryHandler<ListKommuneWarningsQuery, KommuneWarnings> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute(q: ListKommuneWarningsQuery): Promise<KommuneWarnings> {
    const all = await listWarnings(this.db, { kommune: q.kommune, ...(q.code ? { code: q.code } : {}) });
    const now = q.now.getTime();
    const cleared = (clearedAt: string | null) => clearedAt !== null && Date.parse(clearedAt) <= now;
    const warnings = all.filter(
      (w) =>
        Date.parse(w.firedAt) <= now &&
        (q.department === null || w.department === q.department) &&
        (q.status === 'all' || (q.status === 'cleared') === cleared(w.clearedAt)),
    );
    return { kommune: q.kommune, warnings };
  }
}
