import type { Principal } from '@tillidsbarometer/auth';

/** Create a round (POST /api/v1/kommuner/{kommune}/measurements). */
export class CreateMeasurementCommand {
  constructor(
    readonly kommune: string,
    readonly body: unknown,
    readonly principal: Principal,
  ) {}
}

/** The one answer that ever holds the tokens: the server keeps only their hashes. */
export interface CreatedMeasurement {
  id: string;
  tokens: Partial<Record<'citizen' | 'caseworker' | 'leader', string[]>>;
}
