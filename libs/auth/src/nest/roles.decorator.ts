import { SetMetadata } from '@nestjs/common';
import type { Role } from '../roles';

export const ROLES_KEY = 'tillidsbarometer:auth:roles';
export const PUBLIC_KEY = 'tillidsbarometer:auth:public';

/** The roles that may call a route (or every route of a controller). `admin` may always call it too. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed: health, metrics, docs, the survey pages citizens answer. Wins over `@Roles`. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
