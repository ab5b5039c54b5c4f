import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tillidsbarometer/auth';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { summariseRound, type MeasurementSummary } from '../../rounds/measurement-summary';
import type { RoundRow } from '../../rounds/round-repository';

@ApiTags('temperature measurements')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/measurements')
export class ListMeasurementsHttpController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: "The kommune's measurements, newest first, with status and responses per role",
    description: `\`{measurements: [{id, kommune, title, status: scheduled|open|closed, roles, questionIds, opensAt, closesAt, openedAt,
closedAt, closedBy, tokensIssued: {<role>: n}, responses: {<role>: n}}]}\`. responses counts what has reached the store: responses
wait in the mix pool until a batch of at least 5 is complete (or the round closes).`,
  })
  async list(@Param('kommune') kommune: string): Promise<{ measurements: MeasurementSummary[] }> {
    if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
    const { rows } = await this.db.query<{
      id: string;
      kommune: string;
      version: number;
      tokens_issued: RoundRow['tokensIssued'];
      state: RoundRow['state'];
    }>(
      `SELECT id::text AS id, kommune, version, tokens_issued, state FROM temperature.measurements
       WHERE kommune = $1 ORDER BY opens_at DESC, id`,
      [kommune],
    );
    return {
      measurements: rows.map((row) =>
        summariseRound({ id: row.id, kommune: row.kommune, version: row.version, tokensIssued: row.tokens_issued, state: row.state }),
      ),
    };
  }
}
