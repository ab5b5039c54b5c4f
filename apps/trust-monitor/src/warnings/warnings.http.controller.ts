import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tillidsbarometer/auth';
import { DEPARTMENTS, fieldError, isKommuneCode } from '@tillidsbarometer/domain';
import { CLOCK, QueryParameters, type Clock } from '@tillidsbarometer/runtime';
import { DELAYED_HELP_SERIES } from './delayed-help/kommune-deterioration';
import { WARNING_CODES } from './kommune-warning';
import { GetDelayedHelpChartQuery, type DelayedHelpChart } from './queries/get-delayed-help-chart/get-delayed-help-chart.query';
import {
  ListKommuneWarningsQuery,
  WARNING_STATUSES,
  type KommuneWarnings,
} from './queries/list-kommune-warnings/list-kommune-warnings.query';

const MAX_CHART_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

const METHOD = `DELAYED_HELP_DETERIORATION is a Bernoulli (log-likelihood-ratio) CUSUM (Steiner et al. 2000) on the weekly
share of late first decisions (cases whose deadlineAt falls in the week, Monday 00:00 to Monday 00:00 Europe/Copenhagen, the
end included, not closed before deadlineAt; late without a first decision at or before deadlineAt) and of late help starts
(grants whose plannedStart + 14 days falls in the week, decided by its end, not closed before it; late without HelpDelivered
at or before it), for the whole kommune and each department. Each case weighs y·ln(OR) − ln(1 − p0 + OR·p0); C_t =
max(0, C_{t−1} + ΣW) signals above h. p0 is the series' share over the trailing baselineWeeks weeks ending baselineLagWeeks
before the week (weeks of earlier warnings left out; frozen while a warning fires); h is set each week so that the
in-control average run length is arl0Weeks at that p0 and case volume. A warning fires at the end of the first week that
signals, stays firing while signals recur and clears after quietWeeksToClear weeks without one.`;

/** A kommune's warnings (CONTRACT.md section 5) and the delayed-help control chart behind them. */
@ApiTags('warnings')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/warnings')
export class WarningsHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: "The kommune's statistical warnings",
    description: `CONTRACT.md section 5. Each warning: {key, code, kommune, department (null: the whole kommune), series, method,
parameters, firedAt, clearedAt (null while firing), details}. key is stable across recomputations. status: all (default),
firing or cleared; optional code and department filters. Ordered by firedAt, then key.

${METHOD} details: statistic (C at firing), threshold (h), baseline (p0), baselineWeeks, baselineCases, observedShare, n and
late of the week it fired, signals, lastSignalAt, shiftAfter (the end of the last week before the CUSUM's run: the
deterioration most likely began after it).`,
  })
  @ApiQuery({ name: 'code', required: false, enum: WARNING_CODES })
  @ApiQuery({ name: 'status', required: false, enum: WARNING_STATUSES })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  list(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<KommuneWarnings> {
    assertKnownKommune(kommune);
    const params = new QueryParameters(query, ['code', 'status', 'department']);
    const code = params.oneOf('code', WARNING_CODES) ?? null;
    const status = params.oneOf('status', WARNING_STATUSES) ?? 'all';
    const department = params.department() ?? null;
    params.check();
    return this.queries.execute(new ListKommuneWarningsQuery(kommune, code, status, department, this.clock()));
  }

  @Get('delayed-help/chart')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: 'The delayed-help control chart: one series week by week, with the points where it signalled',
    description: `${METHOD}

One point per week ending in (from, to]: {weekEnd, n (cases judged), late, share (late/n; null without cases), status
(warm_up: within warmUpWeeks of the kommune's first case; no_baseline: too few weeks or cases before it; judged), baseline
(p0), threshold (h), cusum (C after the week, before the reset that follows a signal), signal (C > h), firing (a warning
held at the week's end), ewma (EWMA of the share, λ = ewmaLambda, started at p0 at the first judged week; drawn for
reading, it raises no warning) and ewmaUpperLimit (p0 + L·√Var z_t, the variance accumulated from p0(1 − p0)/n week by
week)}. The statistic runs from the series' start, whatever from is. series: late_first_decisions (default) or
late_help_starts; department: one department (default the whole kommune). Defaults: to = now, from = to − 365 days; at most
${MAX_CHART_DAYS} days.`,
  })
  @ApiQuery({ name: 'series', required: false, enum: DELAYED_HELP_SERIES })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601 with offset' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 with offset' })
  chart(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<DelayedHelpChart> {
    assertKnownKommune(kommune);
    const params = new QueryParameters(query, ['series', 'department', 'from', 'to']);
    const series = params.oneOf('series', DELAYED_HELP_SERIES) ?? 'late_first_decisions';
    const department = params.department() ?? null;
    const to = params.timestamp('to') ?? this.clock();
    const from = params.timestamp('from') ?? new Date(to.getTime() - 365 * DAY_MS);
    if (from.getTime() >= to.getTime()) params.addError(fieldError('from', 'beforeTo', 'must be before to'));
    else if (to.getTime() - from.getTime() > MAX_CHART_DAYS * DAY_MS) {
      params.addError(fieldError('from', 'maxRange', `must be at most ${MAX_CHART_DAYS} days before to`));
    }
    params.check();
    return this.queries.execute(new GetDelayedHelpChartQuery(kommune, series, department, from, to));
  }
}

function assertKnownKommune(kommune: string): void {
  if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
}
