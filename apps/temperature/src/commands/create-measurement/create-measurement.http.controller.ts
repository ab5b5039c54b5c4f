import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tillidsbarometer/auth';
import { isKommuneCode } from '@tillidsbarometer/domain';
import { CreateMeasurementCommand, type CreatedMeasurement } from './create-measurement.command';

@ApiTags('temperature measurements')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/measurements')
export class CreateMeasurementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('kommune_leader')
  @ApiOperation({
    summary: 'Create a temperature measurement (a round of the VIVE 2020 survey) with one-time tokens',
    description: `CONTRACT.md section 7. Body \`{title, questionIds?, roles?, opensAt?, closesAt, tokensPerRole}\`. Defaults: all 13 scored
questions and the timing question \`help_in_time\`, all three roles (citizen, caseworker, leader), opensAt now. tokensPerRole is a
number for every role asked, or an object per role naming exactly the roles asked (1-5,000 each).

Answers 201 \`{id, tokens: {<role>: [...]}}\`, only the roles asked. **This answer is the only place the tokens ever appear**: the
server keeps only their SHA-256 hashes, so the dashboard builds the token sheet (CSV, printable links \`/svar/{token}\`) from it.
A token is 26 characters (RFC 4648 base32, 128 random bits), case-insensitive.

The round opens at opensAt (at once when that has come) and closes by itself at closesAt; POST /api/v1/measurements/{id}/close
closes it earlier. 422 with \`errors\` naming the field and rule for bad input (e.g. closesAt not after opensAt).`,
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/CreateMeasurementRequest' } })
  @ApiResponse({ status: 201, description: '{id, tokens}' })
  create(@Param('kommune') kommune: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CreatedMeasurement> {
    if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
    return this.commands.execute(new CreateMeasurementCommand(kommune, body, principal));
  }
}
