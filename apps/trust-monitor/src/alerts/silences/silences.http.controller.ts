import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { QueryParameters } from '@tillidsbarometer/runtime';
import { fieldError } from '../request-body';
import { SILENCE_SCHEMA } from './silence.request';
import { SILENCE_STATUSES, SilencesStore, type Silence } from './silences.store';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/silences')
export class SilencesHttpController {
  constructor(private readonly silences: SilencesStore) {}

  @Post()
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({
    summary: 'Silence alerts until a moment',
    description: `\`{kommune?, codes?, caseId?, startsAt?, endsAt}\`: the alerts matching every matcher given (a kommune token: its own
kommune, required; admin: any, or every kommune) are not notified from startsAt (default now) until endsAt (at most 366 days
later). When it ends, an alert it held back that still fires is notified. Answers 201 with the silence.`,
  })
  @ApiBody({ schema: SILENCE_SCHEMA })
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Silence> {
    return this.silences.create(body, principal);
  }

  @Get()
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({ summary: "The silences: a kommune token sees its own kommune's, admin every one (or ?kommune=)" })
  @ApiQuery({ name: 'kommune', required: false })
  @ApiQuery({ name: 'status', required: false, enum: SILENCE_STATUSES, description: 'default all' })
  async list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<{ silences: Silence[] }> {
    const params = new QueryParameters(query, ['kommune', 'status']);
    const status = params.oneOf('status', SILENCE_STATUSES) ?? 'all';
    const kommune = typeof query['kommune'] === 'string' ? query['kommune'] : undefined;
    if (query['kommune'] !== undefined && !isKommuneCode(kommune)) {
      params.addError(fieldError('kommune', 'isKommuneCode', 'must be one of the 98 kommune codes (e.g. "101")'));
    }
    params.check();
    return { silences: await this.silences.list(principal, kommune, status) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({ summary: 'Expire a silence now', description: 'It is kept, as expired. 204.' })
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.silences.expire(id, principal);
  }
}
