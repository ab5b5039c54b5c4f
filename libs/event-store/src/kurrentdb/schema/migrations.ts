import type { Migration } from '../../sql/migrate';
import { subscriptionsMigration } from './001-subscriptions';

/** In order; a shipped migration is never edited, a change is a new one. */
export const kurrentDbCheckpointMigrations: readonly Migration[] = [subscriptionsMigration];
