import { START_CHECKPOINT } from '../event-store.port';
import type { SqlClient } from '../sql/database.port';
import { checkpointOfPosition, positionOfCheckpoint } from './kurrentdb-checkpoint';

/** The component name under which `migrate` keeps this schema's versions. */
export const CHECKPOINTS_COMPONENT = 'kurrentdb_subscriptions';

export async function loadCheckpoint(client: SqlClient, name: string): Promise<string> {
  // As text: bigint columns arrive as JS numbers, exact only up to 2^53.
  const { rows } = await client.query<{ commit_position: string; prepare_position: string }>(
    'SELECT commit_position::text AS commit_position, prepare_position::text AS prepare_position FROM kurrentdb.subscriptions WHERE name = $1',
    [name],
  );
  const row = rows[0];
  return row ? checkpointOfPosition({ commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) }) : START_CHECKPOINT;
}

export async function saveCheckpoint(tx: SqlClient, name: string, checkpoint: string): Promise<void> {
  const { commit, prepare } = positionOfCheckpoint(checkpoint);
  await tx.query(
    `INSERT INTO kurrentdb.subscriptions (name, commit_position, prepare_position) VALUES ($1, $2::text::bigint, $3::text::bigint)
     ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position,
       prepare_position = excluded.prepare_position, updated_at = now()`,
    [name, commit.toString(), prepare.toString()],
  );
}

export async function deleteCheckpoint(tx: SqlClient, name: string): Promise<void> {
  await tx.query('DELETE FROM kurrentdb.subscriptions WHERE name = $1', [name]);
}
