import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { computeIndicators } from '../../indicators/indicator-queries';
import { GetIndicatorsQuery, type IndicatorsAnswer } from './get-indicators.query';

@QueryHandler(GetIndicatorsQuery)
export class GetIndicatorsHandler implements IQueryHandler<GetIndicatorsQuery, IndicatorsAnswer> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute({ query }: GetIndicatorsQuery): Promise<IndicatorsAnswer> {
    const { casesWithoutDeadline, indicators } = await computeIndicators(this.db, query);
    return {
      kommune: query.kommune,
      asOf: query.asOf.toISOString(),
      window: query.window,
      department: query.department,
      casesWithoutDeadline,
      indicators,
    };
  }
}
