import { Identifier, Timestamp, WholeNumber } from '../validation/rules';

/** One entry of `PUT /api/v1/kommuner/{kommune}/deadlines` (CONTRACT.md section 1, Deadlines). */
export class DeadlineRequest {
  @Identifier('The area of help, as cases name it in HelpRequested.data.area.')
  area!: string;
  @WholeNumber(
    1,
    3650,
    'The published processing deadline in days (Retssikkerhedsloven § 3 stk. 2); deadlineAt = receivedAt + days × 86,400 s.',
  )
  days!: number;
  @Timestamp('From when it applies: a case uses the deadline in force at its receivedAt.')
  effectiveFrom!: string;
}
