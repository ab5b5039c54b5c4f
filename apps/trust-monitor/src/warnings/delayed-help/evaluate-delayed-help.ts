import { KOMMUNE_CODES } from '@tillidsbarometer/domain';
import { migrate, type Database } from '@tillidsbarometer/event-store';
import { loadWarningsConfig, type WarningsConfig } from '../warnings.config';
import { warningsMigrations } from '../warnings.schema';
import { replaceWarnings } from '../warnings.store';
import { delayedHelpWarnings, detectKommune } from './kommune-deterioration';
import { loadWeeklyCounts } from './weekly-counts.query';

export interface EvaluationSummary {
  kommuner: number;
  warnings: number;
  firing: number;
  seconds: number;
}

/**
 * Recomputes one kommune's DELAYED_HELP_DETERIORATION warnings from the facts as of `now` and replaces the stored ones,
 * in one transaction: idempotent (the same facts give the same warnings under the same keys), and a warning that the
 * facts no longer produce is deleted, so its alert resolves. Returns the warnings written.
 */
export async function evaluateKommune(
  db: Database,
  kommune: string,
  config: WarningsConfig,
  now: Date,
): Promise<{ warnings: number; firing: number }> {
  return db.transaction(async (tx) => {
    const counts = await loadWeeklyCounts(tx, kommune, now);
    const warnings = counts ? delayedHelpWarnings(kommune, detectKommune(counts, config), config) : [];
    await replaceWarnings(tx, kommune, 'DELAYED_HELP_DETERIORATION', warnings);
    return { warnings: warnings.length, firing: warnings.filter((w) => w.clearedAt === null).length };
  });
}

/**
 * Every kommune that has cases or DELAYED_HELP_DETERIORATION warnings, in turn, one transaction each (on PGlite the
 * projection gets its turn between them). A kommune with neither has nothing to write.
 */
export async function evaluateAllKommuner(
  db: Database,
  config: WarningsConfig,
  now: Date,
  onKommune: (kommune: string, done: number, total: number) => void = () => undefined,
): Promise<EvaluationSummary> {
  const started = performance.now();
  const { rows } = await db.query<{ kommune: string }>(
    `SELECT k AS kommune FROM unnest($1::text[]) WITH ORDINALITY AS codes(k, i)
     WHERE EXISTS (SELECT 1 FROM trust_monitor.cases c WHERE c.kommune = k)
        OR EXISTS (SELECT 1 FROM warnings.warnings w WHERE w.kommune = k AND w.code = 'DELAYED_HELP_DETERIORATION')
     ORDER BY i`,
    [KOMMUNE_CODES],
  );
  let warnings = 0;
  let firing = 0;
  for (const [index, { kommune }] of rows.entries()) {
    const result = await evaluateKommune(db, kommune, config, now);
    warnings += result.warnings;
    firing += result.firing;
    onKommune(kommune, index + 1, rows.length);
  }
  return { kommuner: rows.length, warnings, firing, seconds: (performance.now() - started) / 1000 };
}

/**
 * After `npm run rebuild` (the product stopped): the warnings recomputed from the rebuilt facts, with the configuration
 * of RuntimeConfig.env, so that they never lag behind a rebuild until the next start.
 */
export async function recomputeDelayedHelpWarnings(
  db: Database,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<EvaluationSummary> {
  await migrate(db, 'warnings', warningsMigrations);
  return evaluateAllKommuner(db, loadWarningsConfig(env), now);
}
