import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { RoundKeeper } from '../../round-keeper/round-keeper.service';
import { roundForPrincipal } from '../../rounds/measurement-access';
import { summariseRound, type MeasurementSummary } from '../../rounds/measurement-summary';
import { ruleErrorToHttp } from '../../rounds/round-repository';

@ApiTags('temperature measurements')
@ApiBearerAuth()
@Controller('api/v1/measurements/:id/close')
export class CloseMeasurementHttpController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly keeper: RoundKeeper,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('kommune_leader')
  @ApiOperation({
    summary: 'Close a measurement now (by hand)',
    description: `The responses still in the mix pool are written, then MeasurementClosed with closedBy "hand" and the final tally.
A round that has not opened yet closes without responses. Answers the measurement as GET does; 409 when it is closed already.`,
  })
  async close(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<MeasurementSummary> {
    const round = await roundForPrincipal(this.db, id, principal);
    const closed = await this.keeper.closeByHand(round.id, principal.subject).catch(ruleErrorToHttp);
    return summariseRound(closed);
  }
}
