import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { detectDeterioration } from '../../delayed-help/detect-deterioration';
import { DELAYED_HELP_METHOD, weeklySeries } from '../../delayed-help/kommune-deterioration';
import { loadWeeklyCounts } from '../../delayed-help/weekly-counts.query';
import { WARNINGS_CONFIG, type WarningsConfig } from '../../warnings.config';
import { GetDelayedHelpChartQuery, type DelayedHelpChart } from './get-delayed-help-chart.query';

const round = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);

@QueryHandler(GetDelayedHelpChartQuery)
export class GetDelayedHelpChartHandler implements IQueryHandler<GetDelayedHelpChartQuery, DelayedHelpChart> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(WARNINGS_CONFIG) private readonly config: WarningsConfig,
  ) {}

  async execute(q: GetDelayedHelpChartQuery): Promise<DelayedHelpChart> {
    const arl0Weeks = q.department === null ? this.config.arl0Weeks : this.config.departmentArl0Weeks;
    // The CUSUM and the baseline depend on every week before: the detector runs from the series' start, then the
    // chart keeps the weeks asked for.
    const counts = await loadWeeklyCounts(this.db, q.kommune, q.to);
    const points = counts ? detectDeterioration(weeklySeries(counts, q.series, q.department), { ...this.config, arl0Weeks }).points : [];
    return {
      kommune: q.kommune,
      series: q.series,
      department: q.department,
      method: DELAYED_HELP_METHOD,
      parameters: {
        oddsRatio: this.config.oddsRatio,
        arl0Weeks,
        baselineWeeks: this.config.baselineWeeks,
        baselineLagWeeks: this.config.baselineLagWeeks,
        minBaselineWeeks: this.config.minBaselineWeeks,
        minBaselineCases: this.config.minBaselineCases,
        warmUpWeeks: this.config.warmUpWeeks,
        quietWeeksToClear: this.config.quietWeeksToClear,
        ewmaLambda: this.config.ewmaLambda,
        ewmaL: this.config.ewmaL,
      },
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      points: points
        .filter((p) => p.weekEnd > q.from.getTime() && p.weekEnd <= q.to.getTime())
        .map((p) => ({
          weekEnd: new Date(p.weekEnd).toISOString(),
          n: p.n,
          late: p.late,
          share: round(p.share),
          status: p.status,
          baseline: round(p.baseline),
          threshold: round(p.threshold),
          cusum: round(p.cusum),
          signal: p.signal,
          firing: p.firing,
          ewma: round(p.ewma),
          ewmaUpperLimit: round(p.ewmaUpperLimit),
        })),
    };
  }
}
