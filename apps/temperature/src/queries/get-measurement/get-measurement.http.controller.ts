import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { roundForPrincipal } from '../../rounds/measurement-access';
import { summariseRound, type MeasurementSummary } from '../../rounds/measurement-summary';

@ApiTags('temperature measurements')
@ApiBearerAuth()
@Controller('api/v1/measurements/:id')
export class GetMeasurementHttpController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: 'One measurement: status, dates, questions, roles, tokens issued and responses per role',
    description: 'As an entry of GET /api/v1/kommuner/{kommune}/measurements. A round of another kommune: 403.',
  })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<MeasurementSummary> {
    return summariseRound(await roundForPrincipal(this.db, id, principal));
  }
}
