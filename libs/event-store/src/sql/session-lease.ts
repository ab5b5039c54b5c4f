import type { Database, DatabaseSession } from './database.port';

/**
 * The advisory-lock namespace of every lease; the second key is the lease name's hash. One namespace for all, so
 * that two loops can only share a lease by sharing a name: a subscription's lease is its subscription's name, the
 * others are named `<component>:<what>` (`alerting:leader`, `bus:<topic>:<group>`, ...).
 */
const LEASE_NAMESPACE = 7_230_002;

/**
 * PGlite is one connection, on which advisory locks are re-entrant (every "session" is the same backend), so the
 * lease is also kept in process: one holder per database object and name.
 */
const heldInProcess = new WeakMap<Database, Set<string>>();

/** A lease held: its session keeps one connection, and the lease ends when that connection ends. */
export interface SessionLease {
  readonly name: string;
  /** The lease's own connection: work that must stop when the lease is lost runs on it. */
  readonly session: DatabaseSession;
  /** Gives the lease up and releases the connection. Never throws. */
  release(): Promise<void>;
}

/**
 * Takes the named lease if no one holds it, or answers undefined. The one mechanism behind everything that must run
 * once however many instances run (a projection, the national feed's relay, the alerting, a bus consumer group): a
 * session-level advisory lock on a connection of its own, so a crash or a network cut hands it over to another
 * instance, and nothing is left to expire.
 */
export async function tryTakeLease(db: Database, name: string): Promise<SessionLease | undefined> {
  const held = heldInProcess.get(db) ?? new Set<string>();
  heldInProcess.set(db, held);
  if (held.has(name)) return undefined;
  held.add(name); // before the first await: two loops of this process cannot both pass
  let session: DatabaseSession | undefined;
  try {
    session = await db.openSession();
    const { rows } = await session.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired', [
      LEASE_NAMESPACE,
      name,
    ]);
    if (!rows[0]?.acquired) {
      held.delete(name);
      await session.release().catch(() => undefined);
      return undefined;
    }
  } catch (error) {
    held.delete(name);
    await session?.release().catch(() => undefined);
    throw error;
  }
  const leased = session;
  let released = false;
  return {
    name,
    session: leased,
    async release() {
      if (released) return;
      released = true;
      held.delete(name);
      await leased.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_NAMESPACE, name]).catch(() => undefined);
      await leased.release().catch(() => undefined);
    },
  };
}
