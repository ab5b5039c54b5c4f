/** Who may call what (CONTRACT §9). The set is closed: a token naming any other role is refused. */
export type Role = 'source_system' | 'kommune_staff' | 'kommune_leader' | 'secretariat' | 'admin';

export const ROLES: readonly Role[] = Object.freeze(['source_system', 'kommune_staff', 'kommune_leader', 'secretariat', 'admin']);

/** The roles that act for one kommune: their tokens carry a `kommune` claim and see only that kommune's data. */
export const KOMMUNE_ROLES: readonly Role[] = Object.freeze(['source_system', 'kommune_staff', 'kommune_leader']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isKommuneRole(role: Role): boolean {
  return KOMMUNE_ROLES.includes(role);
}

/** A kommune code as the tokens and routes carry it: three digits, e.g. "101" (København). */
export function isKommuneCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{3}$/.test(value);
}
