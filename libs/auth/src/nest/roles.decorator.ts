import { SetMetadata } from '@nestjs/common';
import type { Role } from '../roles';

export const ROLES_KEY = 'tillidsbarometer:auth:roles';
export const PUBLIC_KEY = 'tillidsbarometer:auth:public';
export const QUERY_TOKEN_KEY = 'tillidsbarometer:auth:query-token';

/** The roles that may call a route (or every route of a controller). `admin` may always call it too. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health, metrics, docs, the survey pages citizens answer. Wins over `@Roles`. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The route also takes the bearer token as an `access_token` query parameter (RFC 6750 section 2.3), for clients
 * that cannot send an Authorization header: a browser's EventSource (server-sent events). Only where named: a
 * token in a URL can end up in logs and histories, so the request log redacts it (libs/runtime redactUrl).
 */
export const QueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);
