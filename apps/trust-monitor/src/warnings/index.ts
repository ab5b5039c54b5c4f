export { WARNING_CODES, type KommuneWarning, type WarningCode } from './kommune-warning';
export { upsertWarnings, replaceWarnings, listWarnings, WARNINGS_CHANGED, type WarningFilter } from './warnings.store';
export { WarningsModule } from './warnings.module';
