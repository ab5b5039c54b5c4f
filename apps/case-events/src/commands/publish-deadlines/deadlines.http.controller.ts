import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { ListDeadlinesQuery, type DeadlineListing } from '../../queries/list-deadlines/list-deadlines.query';
import { PublishDeadlinesCommand } from './publish-deadlines.command';

/** Processing deadlines per kommune and area (Retssikkerhedsloven § 3 stk. 2), event-sourced. */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/deadlines')
export class DeadlinesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put()
  @Roles('kommune_leader')
  @ApiOperation({
    summary: "Publish processing deadlines for the kommune's areas",
    description: `An array of \`{area, days, effectiveFrom}\` (1-500). Entries are added to the kommune's history; an entry equal to
one already published changes nothing, and an entry with the same area and effectiveFrom but other days corrects it
(the history keeps both). A case uses the deadline of its area in force at its receivedAt: the entry with the latest
effectiveFrom at or before it. Answers the listing, as GET does.`,
  })
  @ApiBody({ schema: { type: 'array', minItems: 1, maxItems: 500, items: { $ref: '#/components/schemas/DeadlineRequest' } } })
  publish(@Param('kommune') kommune: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<DeadlineListing> {
    assertKnownKommune(kommune);
    return this.commands.execute(new PublishDeadlinesCommand(kommune, body, principal));
  }

  @Get()
  @Roles('kommune_staff', 'kommune_leader', 'source_system')
  @ApiOperation({ summary: "The kommune's deadlines in force now, and every publication (`history`)" })
  list(@Param('kommune') kommune: string): Promise<DeadlineListing> {
    assertKnownKommune(kommune);
    return this.queries.execute(new ListDeadlinesQuery(kommune));
  }
}

function assertKnownKommune(kommune: string): void {
  if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
}
