import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@tillidsbarometer/auth';
import { measurementIdOf } from '../../rounds/measurement-access';
import { SubmitResponseCommand } from './submit-response.command';

@ApiTags('temperature measurements')
@Controller('api/v1/measurements/:id/responses')
export class SubmitResponseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Answer a measurement with a one-time token (no login)',
    description: `Body \`{token, department?, answers: {<questionId>: 0|1|2|3|"ved_ikke"|"naegter_at_svare"}, timing?}\`. The token says the
round and the role; every question the round asks of that role must be answered ("naegter_at_svare" declines); timing
("i_rette_tid" | "noget_sent" | "saa_sent_at_det_gav_problemer") is optional and only for rounds that ask it.

202: accepted into the mix pool; the response reaches the store in a shuffled batch of at least 5 (or at the close) and is
stored without any link to the token and without a time of its own. 404 unknown token (rule unknownToken; also a token of
another round), 409 token used already (tokenUsed) or round not open yet (notOpenYet, with opensAt), 410 round closed
(roundClosed), 422 answers that break a rule (isAnswer, notInRound, notAskedOfRole, isDefined, unknownField, ...). A refused
response does not use the token.`,
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/ResponseRequest' } })
  @ApiResponse({ status: 202, description: '{status: "accepted"}' })
  async submit(@Param('id') id: string, @Body() body: unknown): Promise<{ status: 'accepted' }> {
    await this.commands.execute(new SubmitResponseCommand(body, measurementIdOf(id)));
    return { status: 'accepted' };
  }
}
