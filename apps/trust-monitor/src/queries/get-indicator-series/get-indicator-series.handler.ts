import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { computeIndicators, type Indicator } from '../../indicators/indicator-queries';
import { GetIndicatorSeriesQuery, type IndicatorSeries } from './get-indicator-series.query';
import { stepEnds } from './step-ends';

@QueryHandler(GetIndicatorSeriesQuery)
export class GetIndicatorSeriesHandler implements IQueryHandler<GetIndicatorSeriesQuery, IndicatorSeries> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute(q: GetIndicatorSeriesQuery): Promise<IndicatorSeries> {
    const points: IndicatorSeries['points'] = [];
    for (const at of stepEnds(q.step, q.from, q.to)) {
      const { casesWithoutDeadline, indicators } = await computeIndicators(
        this.db,
        { kommune: q.kommune, asOf: at, window: q.window, department: q.department },
        [q.indicator],
      );
      points.push({ at: at.toISOString(), casesWithoutDeadline, ...(indicators[q.indicator] as Indicator) });
    }
    return {
      kommune: q.kommune,
      indicator: q.indicator,
      window: q.window,
      department: q.department,
      step: q.step,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      points,
    };
  }
}
