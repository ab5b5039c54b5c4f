/**
 * One response with its one-time token (POST /api/v1/measurements/{id}/responses, or the page /svar/{token}). No
 * login and no identity: the token says the round and the role, and is used up.
 */
export class SubmitResponseCommand {
  constructor(
    readonly body: unknown,
    /** The round named by the route, when the route names one: a token of another round is unknown there. */
    readonly measurementId?: string,
  ) {}
}

/** The rules a refused response answers with (besides the field rules of a 422). */
export const RESPONSE_REFUSALS = {
  unknownToken: 404,
  notOpenYet: 409,
  tokenUsed: 409,
  roundClosed: 410,
} as const;
