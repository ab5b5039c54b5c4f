import { validationRules } from '@tillidsbarometer/domain';
import { ValidateIf } from 'class-validator';

/** The roles a person can pick on the demo login (a source system is a machine: it has the printed token). */
export const DEMO_LOGIN_ROLES = ['kommune_leader', 'kommune_staff', 'secretariat', 'admin'] as const;
const KOMMUNE_ROLES: readonly string[] = ['kommune_leader', 'kommune_staff'];

/** `POST /api/v1/dashboard/demo-login`. */
export class DemoLoginRequest {
  @validationRules.OneOf(DEMO_LOGIN_ROLES, 'The role to act in.')
  role!: (typeof DEMO_LOGIN_ROLES)[number];

  @ValidateIf((request: DemoLoginRequest) => KOMMUNE_ROLES.includes(request.role) || request.kommune !== undefined)
  @validationRules.KommuneCode('The kommune to act for: required for kommune_leader and kommune_staff, left out otherwise.')
  kommune?: string;
}

export const isKommuneLoginRole = (role: string): boolean => KOMMUNE_ROLES.includes(role);
