import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { KOMMUNE_CODES, SNAPSHOT_INDICATOR_IDS, SNAPSHOT_INDICATOR_KINDS, SNAPSHOT_TREND_INDICATORS } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { latestCells } from '../latest-cells';
import { sumCells } from '../sum-cells';
import { GetNationalIndicatorsQuery, type NationalIndicators, type NationalTrendPoint } from './get-national-indicators.query';

@QueryHandler(GetNationalIndicatorsQuery)
export class GetNationalIndicatorsHandler implements IQueryHandler<GetNationalIndicatorsQuery, NationalIndicators> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute({ window }: GetNationalIndicatorsQuery): Promise<NationalIndicators> {
    const [cells, trendCells, latest] = await Promise.all([
      latestCells(this.db, { window, department: null }),
      latestCells(this.db, { window, department: null, trend: true }),
      this.db.query<{ kommune: string; as_of: Date }>('SELECT kommune, as_of FROM national.latest ORDER BY as_of'),
    ]);
    const reporting = new Set(latest.rows.map((row) => row.kommune));
    const indicators: NationalIndicators['indicators'] = {};
    for (const id of SNAPSHOT_INDICATOR_IDS) {
      const kind = SNAPSHOT_INDICATOR_KINDS[id];
      indicators[id] = sumCells(
        id,
        kind,
        cells.filter((cell) => cell.indicator === id),
      );
      if (SNAPSHOT_TREND_INDICATORS.includes(id) && kind !== 'distribution') {
        const byMonth = new Map<number, typeof trendCells>();
        for (const cell of trendCells.filter((c) => c.indicator === id)) {
          const at = cell.at!.getTime();
          byMonth.set(at, [...(byMonth.get(at) ?? []), cell]);
        }
        indicators[id].trend = [...byMonth.entries()]
          .sort(([a], [b]) => a - b)
          .map(([at, month]): NationalTrendPoint => {
            const figure = sumCells(id, kind, month);
            return {
              at: new Date(at).toISOString(),
              value: figure.value,
              numerator: figure.numerator,
              denominator: figure.denominator,
              kommunerIncluded: figure.kommunerIncluded,
            };
          });
      }
    }
    return {
      window,
      kommuner: { reporting: reporting.size, missing: KOMMUNE_CODES.filter((code) => !reporting.has(code)) },
      asOf:
        latest.rows.length === 0
          ? null
          : { earliest: latest.rows[0]!.as_of.toISOString(), latest: latest.rows.at(-1)!.as_of.toISOString() },
      indicators,
    };
  }
}
