import type { Migration } from '../../sql/migrate';
import { eventsMigration } from './001-events';

/** In order; a shipped migration is never edited, a change is a new one. */
export const eventStoreMigrations: readonly Migration[] = [eventsMigration];
