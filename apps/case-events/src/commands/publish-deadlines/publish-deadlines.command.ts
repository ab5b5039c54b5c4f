import type { Principal } from '@tillidsbarometer/auth';

/** Publish processing deadlines of a kommune (PUT /api/v1/kommuner/{kommune}/deadlines). */
export class PublishDeadlinesCommand {
  constructor(
    readonly kommune: string,
    readonly body: unknown,
    readonly principal: Principal,
  ) {}
}
