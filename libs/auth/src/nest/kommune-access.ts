import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '../principal';
import { isKommuneRole } from '../roles';

/**
 * A kommune sees only its own data (DOMAIN.md, Personal data). For a kommune named in a request body; the guard
 * applies the same rule to a `:kommune` path parameter. `admin` may access every kommune; the secretariat sees
 * only national aggregates, so no kommune's own data.
 */
export function assertKommuneAccess(principal: Principal, kommune: string): void {
  if (principal.role === 'admin') return;
  if (!isKommuneRole(principal.role)) {
    throw new ForbiddenException(`role ${principal.role} cannot access the data of kommune ${kommune}`);
  }
  if (principal.kommune !== kommune) {
    throw new ForbiddenException(`a token for kommune ${principal.kommune} cannot access kommune ${kommune}`);
  }
}
