import { compareCheckpoints, formatCheckpoint, parseCheckpoint } from '../checkpoint';
import type { Database, SqlClient } from '../sql/database.port';
import type { GlobalOrderSource } from '../subscription/leased-subscription';
import { eventsHeldBack, headCheckpoint, readAll } from './read-events';

export const APPENDED_CHANNEL = 'event_store_appended';

/**
 * The PostgreSQL store's global order for its subscriptions: read on the lease's own connection, in the
 * transaction-id order (a commit that is still held back by an older open transaction is looked for again at once),
 * checkpoints in `event_store.subscriptions`, and LISTEN/NOTIFY as the doorbell.
 */
export function postgresGlobalOrder(db: Database): GlobalOrderSource {
  return {
    readAll: (session, after, limit) => readAll(session, after, limit),
    heldBack: (session, after) => eventsHeldBack(session, after),
    headCheckpoint: () => headCheckpoint(db),
    compareCheckpoints,
    loadCheckpoint,
    saveCheckpoint,
    watchAppends: (onAppend) => db.listen(APPENDED_CHANNEL, onAppend),
  };
}

export async function loadCheckpoint(client: SqlClient, name: string): Promise<string> {
  const { rows } = await client.query<{ transaction_id_text: string; global_position: number }>(
    'SELECT transaction_id::text AS transaction_id_text, global_position FROM event_store.subscriptions WHERE name = $1',
    [name],
  );
  const row = rows[0];
  return row ? formatCheckpoint(row.transaction_id_text, row.global_position) : formatCheckpoint(0n, 0n);
}

export async function saveCheckpoint(tx: SqlClient, name: string, checkpoint: string): Promise<void> {
  const { transactionId, globalPosition } = parseCheckpoint(checkpoint);
  await tx.query(
    `INSERT INTO event_store.subscriptions (name, transaction_id, global_position) VALUES ($1, $2::text::xid8, $3)
     ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id,
       global_position = excluded.global_position, updated_at = now()`,
    [name, transactionId.toString(), globalPosition.toString()],
  );
}
