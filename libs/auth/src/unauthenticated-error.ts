/**
 * The caller could not be identified. The message says why in plain words and is safe to return to the
 * caller: it never contains the token, and no jose error (whose `payload` holds the claims) is attached.
 */
export class UnauthenticatedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = new.target.name;
  }
}
