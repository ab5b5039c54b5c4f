import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { KOMMUNER, SNAPSHOT_INDICATOR_KINDS, type SnapshotIndicatorId } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { ci95Of, latestCells, type LatestCell } from '../latest-cells';
import { sumCells } from '../sum-cells';
import { ListKommuneFiguresQuery, type KommuneFigureRow, type KommuneFigures } from './list-kommune-figures.query';

const collator = new Intl.Collator('da');

@QueryHandler(ListKommuneFiguresQuery)
export class ListKommuneFiguresHandler implements IQueryHandler<ListKommuneFiguresQuery, KommuneFigures> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute(q: ListKommuneFiguresQuery): Promise<KommuneFigures> {
    const kind = SNAPSHOT_INDICATOR_KINDS[q.indicator as SnapshotIndicatorId];
    const [cells, trend, wholeKommune] = await Promise.all([
      latestCells(this.db, { window: q.window, indicator: q.indicator, department: q.department }),
      q.department === null ? latestCells(this.db, { window: q.window, indicator: q.indicator, department: null, trend: true }) : [],
      q.department === null ? Promise.resolve(null) : latestCells(this.db, { window: q.window, indicator: q.indicator, department: null }),
    ]);
    const byKommune = new Map(cells.map((cell) => [cell.kommune, cell]));
    const trendOf = new Map<string, LatestCell[]>();
    for (const cell of trend) trendOf.set(cell.kommune, [...(trendOf.get(cell.kommune) ?? []), cell]);
    const rows = KOMMUNER.map((kommune): KommuneFigureRow => {
      const cell = byKommune.get(kommune.code);
      const row: KommuneFigureRow = {
        kommune: kommune.code,
        name: kommune.name,
        region: kommune.region,
        regionCode: kommune.regionCode,
        reported: cell !== undefined,
        asOf: cell?.asOf.toISOString() ?? null,
        suppressed: cell?.suppressed ?? false,
        value: cell?.value ?? null,
        numerator: cell?.numerator ?? null,
        denominator: cell?.denominator ?? null,
        trend: null,
      };
      if (kind === 'proportion' || kind === 'count_proportion') row.ci95 = cell && !cell.suppressed ? ci95Of(cell) : null;
      if (kind === 'count_proportion') row.count = cell?.count ?? null;
      if (kind === 'distribution')
        Object.assign(row, { value: null, n: cell?.n ?? null, median: cell?.median ?? null, p90: cell?.p90 ?? null });
      const points = trendOf.get(kommune.code);
      if (points) {
        // For a sparkline: the value only (the median of a distribution); the parts are in the snapshot's history.
        row.trend = points.map((p) => ({
          at: p.at!.toISOString(),
          suppressed: p.suppressed,
          value: kind === 'distribution' ? p.median : p.value,
        }));
      }
      return row;
    });
    // Never a league table by default: by code, or by name in Danish order when asked.
    if (q.order === 'name') rows.sort((a, b) => collator.compare(a.name, b.name));
    // The national figure is always the whole kommuner's: a department's national sum would miss the suppressed cells.
    const national = sumCells(
      q.indicator,
      kind,
      (wholeKommune ?? cells).filter((cell) => cell.department === null),
    );
    return { indicator: q.indicator, kind, window: q.window, department: q.department, order: q.order, national, kommuner: rows };
  }
}
