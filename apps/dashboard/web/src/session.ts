/** Who is signed in: the bearer token and the claims the views need. Kept for the browser tab only. */
export type Role = 'source_system' | 'kommune_staff' | 'kommune_leader' | 'secretariat' | 'admin';

export interface Session {
  token: string;
  role: Role;
  /** The kommune the views show: the token's own, or the one an admin picked. */
  kommune: string | null;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const KEY = 'tillidsbarometer.session';

export function readSession(): Session | null {
  try {
    const stored = sessionStorage.getItem(KEY);
    if (!stored) return null;
    const session = JSON.parse(stored) as Session;
    return session.expiresAt * 1000 > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** The claims of a JWT (not verified here: the API verifies every request). */
export function sessionFromToken(token: string, chosenKommune: string | null = null): Session {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('ikke et gyldigt token');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(json) as { role?: Role; kommune?: string; exp?: number };
  if (!claims.role) throw new Error('tokenet har ingen rolle');
  return { token, role: claims.role, kommune: claims.kommune ?? chosenKommune, expiresAt: claims.exp ?? Date.now() / 1000 + 3600 };
}
