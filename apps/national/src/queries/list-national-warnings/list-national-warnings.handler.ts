import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { NATIONAL_CONFIG, type NationalConfig } from '../../national.config';
import { outlierParameters } from '../../outliers/national-outliers';
import { ListNationalWarningsQuery, type NationalWarning } from './list-national-warnings.query';

interface OutlierRow {
  kommune: string;
  indicator: string;
  window_days: number;
  fired_at: Date;
  cleared_at: Date | null;
  details: Record<string, unknown>;
}

interface KommuneWarningRow {
  kommune: string;
  code: 'DELAYED_HELP_DETERIORATION' | 'TRUST_DROP';
  department: string | null;
  series: string;
  method: string;
  parameters: Record<string, number | string | boolean>;
  fired_at: Date;
  cleared_at: Date | null;
  as_of: Date;
}

/**
 * NATIONAL_OUTLIER from the national store's own episodes, and the kommune warnings as each kommune's latest snapshot
 * published them (their method, parameters, series and moments; their details stay in the kommune).
 */
@QueryHandler(ListNationalWarningsQuery)
export class ListNationalWarningsHandler implements IQueryHandler<ListNationalWarningsQuery, { warnings: NationalWarning[] }> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(NATIONAL_CONFIG) private readonly config: NationalConfig,
  ) {}

  async execute(q: ListNationalWarningsQuery): Promise<{ warnings: NationalWarning[] }> {
    const open = q.status === 'open';
    const warnings: NationalWarning[] = [];
    if (q.code === null || q.code === 'NATIONAL_OUTLIER') {
      const { rows } = await this.db.query<OutlierRow>(
        `SELECT kommune, indicator, window_days, fired_at, cleared_at, details FROM national.outliers
         WHERE ($1::boolean IS FALSE OR cleared_at IS NULL) AND ($2::text IS NULL OR kommune = $2)`,
        [open, q.kommune],
      );
      for (const row of rows) {
        warnings.push({
          key: `NATIONAL_OUTLIER:${row.kommune}:${row.indicator}:${row.window_days}:${row.fired_at.toISOString()}`,
          code: 'NATIONAL_OUTLIER',
          kommune: row.kommune,
          department: null,
          series: row.indicator,
          method: 'spiegelhalter_funnel',
          parameters: outlierParameters(row.window_days, this.config.winsorisation),
          firedAt: row.fired_at.toISOString(),
          clearedAt: row.cleared_at?.toISOString() ?? null,
          details: row.details,
        });
      }
    }
    if (q.code !== 'NATIONAL_OUTLIER') {
      const { rows } = await this.db.query<KommuneWarningRow>(
        `SELECT w.kommune, w.code, w.department, w.series, w.method, w.parameters, w.fired_at, w.cleared_at, l.as_of
         FROM national.latest l JOIN national.kommune_warnings w ON w.snapshot_id = l.snapshot_id
         WHERE ($1::boolean IS FALSE OR w.cleared_at IS NULL) AND ($2::text IS NULL OR w.code = $2) AND ($3::text IS NULL OR w.kommune = $3)`,
        [open, q.code, q.kommune],
      );
      for (const row of rows) {
        warnings.push({
          key: `${row.code}:${row.kommune}:${row.department ?? 'all'}:${row.series}:${row.fired_at.toISOString()}`,
          code: row.code,
          kommune: row.kommune,
          department: row.department,
          series: row.series,
          method: row.method,
          parameters: row.parameters,
          firedAt: row.fired_at.toISOString(),
          clearedAt: row.cleared_at?.toISOString() ?? null,
          details: { publishedAsOf: row.as_of.toISOString() },
        });
      }
    }
    // Ordered as the kommune warnings are: by the moment they fired, then key.
    warnings.sort((a, b) => a.firedAt.localeCompare(b.firedAt) || a.key.localeCompare(b.key));
    return { warnings };
  }
}
