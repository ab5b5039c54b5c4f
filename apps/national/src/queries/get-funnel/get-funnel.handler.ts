import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { KOMMUNE_CODES, kommuneByCode } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { FUNNEL_Z_95, FUNNEL_Z_998, funnelAnalysis, funnelLimits, type FunnelAnalysis } from '@tillidsbarometer/indicators';
import { NATIONAL_CONFIG, type NationalConfig } from '../../national.config';
import { latestCells } from '../latest-cells';
import { GetFunnelQuery, type FunnelPlot } from './get-funnel.query';

const LIMIT_POINTS = 60;

@QueryHandler(GetFunnelQuery)
export class GetFunnelHandler implements IQueryHandler<GetFunnelQuery, FunnelPlot> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(NATIONAL_CONFIG) private readonly config: NationalConfig,
  ) {}

  async execute(q: GetFunnelQuery): Promise<FunnelPlot> {
    const cells = await latestCells(this.db, { window: q.window, indicator: q.indicator, department: null });
    const published = cells.filter((cell) => !cell.suppressed && cell.denominator! > 0);
    const reported = new Set(cells.map((cell) => cell.kommune));
    const plot: FunnelPlot = {
      indicator: q.indicator,
      window: q.window,
      method: {
        name: 'spiegelhalter_funnel',
        target: 'national rate: Σ numerators / Σ denominators of the kommuner in the plot',
        z95: FUNNEL_Z_95,
        z998: FUNNEL_Z_998,
        winsorisation: this.config.winsorisation,
        overdispersion: 'additive_random_effects',
      },
      target: null,
      phi: null,
      tau2: null,
      points: [],
      limits: [],
      suppressed: cells.filter((cell) => cell.suppressed).map((cell) => cell.kommune),
      missing: KOMMUNE_CODES.filter((code) => !reported.has(code)),
    };
    let analysis: FunnelAnalysis;
    try {
      analysis = funnelAnalysis(
        published.map((cell) => ({ numerator: cell.numerator!, denominator: cell.denominator! })),
        { winsorisation: this.config.winsorisation },
      );
    } catch {
      return plot; // too few kommuner, or a national rate of 0 or 1: no funnel to draw
    }
    plot.target = analysis.target;
    plot.phi = analysis.phi;
    plot.tau2 = analysis.tau2;
    plot.points = published.map((cell, i) => {
      const point = analysis.points[i]!;
      const kommune = kommuneByCode(cell.kommune)!;
      return {
        kommune: cell.kommune,
        name: kommune.name,
        region: kommune.region,
        numerator: point.numerator,
        denominator: point.denominator,
        rate: point.rate,
        zAdjusted: point.zAdjusted,
        limits95: point.limits95,
        limits998: point.limits998,
        outside95: point.outside95,
        outside998: point.outside998,
      };
    });
    const sizes = published.map((cell) => cell.denominator!);
    const smallest = Math.max(1, Math.min(...sizes));
    const largest = Math.max(...sizes);
    for (let i = 0; i < LIMIT_POINTS; i += 1) {
      const denominator = smallest * (largest / smallest) ** (i / (LIMIT_POINTS - 1));
      const [lower95, upper95] = funnelLimits(analysis.target, denominator, analysis.tau2, FUNNEL_Z_95);
      const [lower998, upper998] = funnelLimits(analysis.target, denominator, analysis.tau2, FUNNEL_Z_998);
      plot.limits.push({ denominator, lower95, upper95, lower998, upper998 });
    }
    return plot;
  }
}
