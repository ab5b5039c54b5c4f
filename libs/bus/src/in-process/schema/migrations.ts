import type { Migration } from '@tillidsbarometer/event-store';
import { messageLogMigration } from './001-message-log';

/** In order; a shipped migration is never edited, a change is a new one. */
export const busMigrations: readonly Migration[] = [messageLogMigration];
