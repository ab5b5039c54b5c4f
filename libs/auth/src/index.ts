export { ROLES, KOMMUNE_ROLES, isRole, isKommuneRole, isKommuneCode, type Role } from './roles';
export type { Principal } from './principal';
export { UnauthenticatedError } from './unauthenticated-error';
export { createTokenVerifier, MIN_JWT_SECRET_BYTES, type TokenVerifier, type TokenVerifierConfig } from './token-verifier';
export { issueToken, issueDemoTokens, type TokenClaims, type IssueTokenOptions } from './token-issuer';
export { Roles, Public, QueryToken, ROLES_KEY, PUBLIC_KEY, QUERY_TOKEN_KEY } from './nest/roles.decorator';
export { AuthGuard, TOKEN_VERIFIER, type AuthenticatedRequest } from './nest/auth.guard';
export { assertKommuneAccess } from './nest/kommune-access';
export { CurrentPrincipal } from './nest/current-principal.decorator';
export { AuthModule } from './nest/auth.module';
export { Pseudonymiser, type PseudonymKind } from './pseudonymiser';
export {
  loadPseudonymisationKeys,
  MIN_PSEUDONYMISATION_KEY_BYTES,
  type PseudonymisationKeyOptions,
  type PseudonymisationKeys,
} from './pseudonymisation-keys';
