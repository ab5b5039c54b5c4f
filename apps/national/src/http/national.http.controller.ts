import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tillidsbarometer/auth';
import {
  DEPARTMENTS,
  fieldError,
  isKommuneCode,
  SNAPSHOT_INDICATOR_IDS,
  SNAPSHOT_INDICATOR_KINDS,
  SNAPSHOT_WINDOWS,
  type SnapshotIndicatorId,
} from '@tillidsbarometer/domain';
import { QueryParameters } from '@tillidsbarometer/runtime';
import { GetFunnelQuery, type FunnelPlot } from '../queries/get-funnel/get-funnel.query';
import { GetNationalIndicatorsQuery, type NationalIndicators } from '../queries/get-national-indicators/get-national-indicators.query';
import { KOMMUNE_ORDERS, ListKommuneFiguresQuery, type KommuneFigures } from '../queries/list-kommune-figures/list-kommune-figures.query';
import {
  ListNationalWarningsQuery,
  WARNING_STATUSES,
  type NationalWarning,
} from '../queries/list-national-warnings/list-national-warnings.query';

const FUNNEL_INDICATORS = SNAPSHOT_INDICATOR_IDS.filter((id) => ['proportion', 'count_proportion'].includes(SNAPSHOT_INDICATOR_KINDS[id]));
const WARNING_CODES = ['NATIONAL_OUTLIER', 'DELAYED_HELP_DETERIORATION', 'TRUST_DROP'] as const;
const SUPPRESSION = `Every figure comes from the kommuner's snapshots, suppressed at the source (DOMAIN.md): a cell of fewer than 3
units has value, numerator and denominator null and suppressed: true; department cells are suppressed further so that
none can be recomputed from the whole-kommune total.`;

/**
 * The secretariat's API (CONTRACT.md sections 5 and 8): suppressed aggregates of all 98 kommuner. Only the
 * secretariat and admin reach it; every kommune role is refused.
 */
@ApiTags('national')
@ApiBearerAuth()
@Roles('secretariat')
@Controller('api/v1/national')
export class NationalHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('indicators')
  @ApiOperation({
    summary: 'The national figure of every indicator over one window, with its 12-month trend',
    description: `National figure = Σ numerators / Σ denominators of the kommuner's whole-kommune cells, which carry each
publisher's totals computed before its department cells were suppressed (never back-calculated). A kommune whose
whole-kommune cell is itself under 3 cannot be counted: kommunerSuppressed says how many. Distributions give n and the
median of the kommuner's medians (a national median cannot be made from medians). ${SUPPRESSION}`,
  })
  @ApiQuery({ name: 'window', required: false, enum: [...SNAPSHOT_WINDOWS], description: 'days; default 90' })
  indicators(@Query() query: Record<string, unknown>): Promise<NationalIndicators> {
    const params = new QueryParameters(query, ['window']);
    const window = params.oneOf('window', SNAPSHOT_WINDOWS) ?? 90;
    params.check();
    return this.queries.execute(new GetNationalIndicatorsQuery(window));
  }

  @Get('kommuner')
  @ApiOperation({
    summary: 'One indicator for each of the 98 kommuner, with region and trend',
    description: `98 rows in kommune-code order (or by name with order=name): never ranked by the figure. A kommune that has
not reported has reported: false. trend: the whole kommune at its last 12 month ends. ${SUPPRESSION}`,
  })
  @ApiQuery({ name: 'indicator', required: true, enum: [...SNAPSHOT_INDICATOR_IDS] })
  @ApiQuery({ name: 'window', required: false, enum: [...SNAPSHOT_WINDOWS], description: 'days; default 90' })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  @ApiQuery({ name: 'order', required: false, enum: KOMMUNE_ORDERS, description: 'default code' })
  kommuner(@Query() query: Record<string, unknown>): Promise<KommuneFigures> {
    const params = new QueryParameters(query, ['indicator', 'window', 'department', 'order']);
    const indicator = requiredIndicator(params, query, SNAPSHOT_INDICATOR_IDS);
    const window = params.oneOf('window', SNAPSHOT_WINDOWS) ?? 90;
    const department = params.department() ?? null;
    const order = params.oneOf('order', KOMMUNE_ORDERS) ?? 'code';
    params.check();
    return this.queries.execute(new ListKommuneFiguresQuery(indicator!, window, department, order));
  }

  @Get('funnel')
  @ApiOperation({
    summary: "A funnel plot of one proportion: each kommune's rate against its denominator, with adjusted limits",
    description: `Spiegelhalter (2005): target p0 = the national rate of the kommuner in the plot; limits p0 ± z·√(p0(1−p0)/n + τ²)
with z = 1.959964 (95 %) and 3.090232 (99.8 %); φ from the z-scores winsorised at 10 % in each tail; τ² by the additive
random-effects method (0 when φ shows no over-dispersion). Kommuner whose whole-kommune cell is suppressed are left out and
listed. ${SUPPRESSION}`,
  })
  @ApiQuery({ name: 'indicator', required: true, enum: FUNNEL_INDICATORS })
  @ApiQuery({ name: 'window', required: false, enum: [...SNAPSHOT_WINDOWS], description: 'days; default 90' })
  funnel(@Query() query: Record<string, unknown>): Promise<FunnelPlot> {
    const params = new QueryParameters(query, ['indicator', 'window']);
    const indicator = requiredIndicator(params, query, FUNNEL_INDICATORS);
    const window = params.oneOf('window', SNAPSHOT_WINDOWS) ?? 90;
    params.check();
    return this.queries.execute(new GetFunnelQuery(indicator!, window));
  }

  @Get('warnings')
  @ApiOperation({
    summary: 'NATIONAL_OUTLIER and the kommune warnings the kommuner published',
    description: `NATIONAL_OUTLIER (CONTRACT.md section 5): a kommune outside the 99.8 % over-dispersion-adjusted funnel limits
for timely_decisions, late_help_start or appeal_reversal_rate over the configured window (NATIONAL_OUTLIER_WINDOW_DAYS,
default 365), on either side (details.worse marks the side that is worse for citizens). It fires and clears at the newest
asOf of the national picture. Its false-alarm rate: 0.2 % per kommune and indicator, about 0.59 signals per evaluation of
98 kommuner × 3 indicators when every kommune is in control. DELAYED_HELP_DETERIORATION and TRUST_DROP come from each
kommune's latest snapshot (method, parameters, series, moments; their details stay in the kommune). status: open (default)
or all.`,
  })
  @ApiQuery({ name: 'status', required: false, enum: WARNING_STATUSES })
  @ApiQuery({ name: 'code', required: false, enum: WARNING_CODES })
  @ApiQuery({ name: 'kommune', required: false })
  warnings(@Query() query: Record<string, unknown>): Promise<{ warnings: NationalWarning[] }> {
    const params = new QueryParameters(query, ['status', 'code', 'kommune']);
    const status = params.oneOf('status', WARNING_STATUSES) ?? 'open';
    const code = params.oneOf('code', WARNING_CODES) ?? null;
    const kommune = kommuneParameter(params, query);
    params.check();
    return this.queries.execute(new ListNationalWarningsQuery(status, code, kommune));
  }
}

function requiredIndicator(
  params: QueryParameters,
  query: Record<string, unknown>,
  allowed: readonly SnapshotIndicatorId[],
): SnapshotIndicatorId | undefined {
  if (query.indicator === undefined || query.indicator === '') {
    params.addError(fieldError('indicator', 'isDefined', 'is required'));
    return undefined;
  }
  return params.oneOf('indicator', allowed);
}

function kommuneParameter(params: QueryParameters, query: Record<string, unknown>): string | null {
  const value = query.kommune;
  if (value === undefined || value === '') return null;
  if (typeof value === 'string' && isKommuneCode(value)) return value;
  params.addError(fieldError('kommune', 'isKommuneCode', 'must be one of the 98 kommune codes, given once'));
  return null;
}
