import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tillidsbarometer/auth';
import { DEPARTMENTS, fieldError, isKommuneCode } from '@tillidsbarometer/domain';
import { CLOCK, QueryParameters, type Clock } from '@tillidsbarometer/runtime';
import { INDICATOR_IDS, WINDOWS, type IndicatorId } from '../indicators/indicator-queries';
import { FLAG_CODES } from '../projection/case-flags';
import { GetIndicatorSeriesQuery, SERIES_STEPS, type IndicatorSeries } from '../queries/get-indicator-series/get-indicator-series.query';
import { GetIndicatorsQuery, type IndicatorsAnswer } from '../queries/get-indicators/get-indicators.query';
import { FLAG_STATUSES, ListFlagsQuery, type ListedFlag } from '../queries/list-flags/list-flags.query';

const READINGS = 'The contract leaves some choices open; the product reads them as docs/contract-readings.md in the repository says.';
const MAX_SERIES_DAYS = 3 * 366;

/** A kommune's own figures (CONTRACT.md sections 3 and 4): its staff and leaders see them unsuppressed. */
@ApiTags('trust monitor')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune')
export class TrustMonitorHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('indicators')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: 'Every trust indicator as of a moment, over a window, for the kommune or one department',
    description: `CONTRACT.md section 3. "In window" is (asOf - window days, asOf]; only events with occurredAt <= asOf count.
Proportions are {value, numerator, denominator, ci95} (Wilson, z = 1.959964), rates {value, numerator, denominator},
distributions {n, median, p90} in days (percentiles of type 7). value (and ci95) are null when the denominator is 0.
casesWithoutDeadline counts the cases open at some time in the window whose area had no deadline in force at receipt.
${READINGS}`,
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 with offset; default now' })
  @ApiQuery({ name: 'window', required: false, enum: [...WINDOWS], description: 'days; default 90' })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  indicators(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<IndicatorsAnswer> {
    assertKnownKommune(kommune);
    const params = new QueryParameters(query, ['asOf', 'window', 'department']);
    const asOf = params.timestamp('asOf') ?? this.clock();
    const window = params.oneOf('window', WINDOWS) ?? 90;
    const department = params.department() ?? null;
    params.check();
    return this.queries.execute(new GetIndicatorsQuery({ kommune, asOf, window, department }));
  }

  @Get('indicators/:indicator/series')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: 'One indicator evaluated at each step end, for charts',
    description: `The points are the ends of the calendar weeks (Monday 00:00) or months (the 1st, 00:00), Europe/Copenhagen,
that fall in (from, to]; each point is the indicator as of that moment over the window, as the indicators endpoint
answers it. Defaults: to = now, from = to - 365 days, step = month, window = 90. At most ${MAX_SERIES_DAYS} days.`,
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'step', required: false, enum: SERIES_STEPS })
  @ApiQuery({ name: 'window', required: false, enum: [...WINDOWS] })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  series(
    @Param('kommune') kommune: string,
    @Param('indicator') indicator: string,
    @Query() query: Record<string, unknown>,
  ): Promise<IndicatorSeries> {
    assertKnownKommune(kommune);
    if (!(INDICATOR_IDS as readonly string[]).includes(indicator)) {
      throw new NotFoundException(`indicator ${indicator} is not one of ${INDICATOR_IDS.join(', ')}`);
    }
    const params = new QueryParameters(query, ['from', 'to', 'step', 'window', 'department']);
    const to = params.timestamp('to') ?? this.clock();
    const from = params.timestamp('from') ?? new Date(to.getTime() - 365 * 86_400_000);
    const step = params.oneOf('step', SERIES_STEPS) ?? 'month';
    const window = params.oneOf('window', WINDOWS) ?? 90;
    const department = params.department() ?? null;
    if (from.getTime() >= to.getTime()) params.addError(fieldError('from', 'beforeTo', 'must be before to'));
    else if (to.getTime() - from.getTime() > MAX_SERIES_DAYS * 86_400_000) {
      params.addError(fieldError('from', 'maxRange', `must be at most ${MAX_SERIES_DAYS} days before to`));
    }
    params.check();
    return this.queries.execute(new GetIndicatorSeriesQuery(kommune, indicator as IndicatorId, window, department, step, from, to));
  }

  @Get('flags')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: "The kommune's case flags",
    description: `CONTRACT.md section 4. caseId is the source system's own case number: it never leaves the kommune.
raisedAt is the moment the condition became true; a flag is listed once that moment has passed, so a time-driven flag
appears as soon as its due moment passes. status: open (default), cleared or all. Optional filters: code, department;
asOf (default now) lists the flags as they stood at that moment, by occurredAt. Ordered by raisedAt, caseId, code.
${READINGS}`,
  })
  @ApiQuery({ name: 'status', required: false, enum: FLAG_STATUSES })
  @ApiQuery({ name: 'code', required: false, enum: FLAG_CODES })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  @ApiQuery({ name: 'asOf', required: false })
  flags(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<{ flags: ListedFlag[] }> {
    assertKnownKommune(kommune);
    const params = new QueryParameters(query, ['status', 'code', 'department', 'asOf']);
    const status = params.oneOf('status', FLAG_STATUSES) ?? 'open';
    const code = params.oneOf('code', FLAG_CODES) ?? null;
    const department = params.department() ?? null;
    const now = params.timestamp('asOf') ?? this.clock();
    params.check();
    return this.queries.execute(new ListFlagsQuery(kommune, now, status, code, department));
  }
}

function assertKnownKommune(kommune: string): void {
  if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
}
