import type { Role } from './roles';

/** Who is calling, as a verified token says. `kommune` is set exactly for the kommune roles. */
export interface Principal {
  subject: string;
  role: Role;
  kommune?: string;
}
