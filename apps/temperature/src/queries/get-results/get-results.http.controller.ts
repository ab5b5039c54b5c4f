import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { DEPARTMENTS, type Department } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { QueryParameters } from '@tillidsbarometer/runtime';
import {
  measurementResults,
  RESPONDENT_ROLES,
  type ClosedRound,
  type MeasurementResults,
  type MeasurementState,
} from '@tillidsbarometer/surveys';
import type { FastifyReply } from 'fastify';
import { roundForPrincipal } from '../../rounds/measurement-access';
import { resultsCsv } from './results-csv';

const FORMATS = ['json', 'csv'] as const;

@ApiTags('temperature measurements')
@ApiBearerAuth()
@Controller('api/v1/measurements/:id/results')
export class GetResultsHttpController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: 'The results of a measurement: per question and role, gaps L-B, S-B, L-S, timing shares; JSON or CSV',
    description: `CONTRACT.md section 7: \`{id, status, responses: {<role>: n}, questions: {<questionId>: {<role>: {n, mean, sd, ci95,
distribution, baseline2020, reverseCoded, previous} | {suppressed: true}}}, gaps: {<questionId>: {"L-B"|"S-B"|"L-S": {difference,
ci95, p, baseline2020} | {suppressed: true}}}, timing: {<role>: {i_rette_tid, noget_sent, saa_sent_at_det_gav_problemer, n,
baseline2020, previous} | {suppressed: true}}, reverseCoded: [...], filter}\`.

Means use the raw 0-3 codes (caseworker_turnover is reverse-coded: reported as answered and listed in reverseCoded); "ved_ikke"
and "naegter_at_svare" count in distribution, not in n or the mean; sd is the sample sd; ci95 of a mean uses Student's t with
n-1 df; gaps are leader minus citizen, caseworker minus citizen, leader minus caseworker with Welch (Welch-Satterthwaite df,
two-sided p); ci95 and p are null when both groups answered all alike. previous: the same figure in the kommune's latest
earlier closed round that asked it, with the change (Welch) and significant (p < 0.05).

Anonymity: a cell from fewer than 5 answers is only \`{suppressed: true}\`; with a department filter, a department is shown
only when the whole minus every department shown leaves 0 or at least 5 respondents and answers (else the smallest shown
department is withheld too), so no combination of filters reveals fewer than 5. Figures appear once the round is closed:
while it is open (or scheduled) questions, gaps and timing are empty and \`note\` says why.

Filters: department (one of the five), role. format=csv gives the same figures as one CSV table (text/csv).`,
  })
  @ApiQuery({ name: 'department', required: false, enum: DEPARTMENTS })
  @ApiQuery({ name: 'role', required: false, enum: RESPONDENT_ROLES })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  async results(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeasurementResults | string> {
    const params = new QueryParameters(query, ['department', 'role', 'format']);
    const department = params.department() as Department | undefined;
    const role = params.oneOf('role', RESPONDENT_ROLES);
    const format = params.oneOf('format', FORMATS) ?? 'json';
    params.check();
    const round = await roundForPrincipal(this.db, id, principal);
    const { state } = round;
    const status = state.status === 'none' ? 'scheduled' : state.status;
    const results = measurementResults({
      id: round.id,
      status,
      round: state,
      tally: state.tally,
      filter: { department, role },
      earlierRounds: status === 'closed' ? await this.earlierRounds(round.kommune, state) : [],
    });
    if (format === 'json') return results;
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="measurement-${round.id}-results.csv"`);
    return resultsCsv(results);
  }

  /** The kommune's rounds closed before this one, newest first. */
  private async earlierRounds(kommune: string, state: MeasurementState): Promise<ClosedRound[]> {
    const { rows } = await this.db.query<{ state: MeasurementState }>(
      `SELECT state FROM temperature.measurements
       WHERE kommune = $1 AND status = 'closed' AND (closed_at, id) < ($2::timestamptz, $3::uuid)
       ORDER BY closed_at DESC, id DESC`,
      [kommune, state.closedAt, state.measurementId],
    );
    return rows.map(({ state: earlier }) => ({
      id: earlier.measurementId,
      closedAt: earlier.closedAt!,
      round: earlier,
      tally: earlier.tally,
    }));
  }
}
