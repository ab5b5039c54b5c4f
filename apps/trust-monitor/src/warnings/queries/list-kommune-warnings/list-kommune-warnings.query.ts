import type { KommuneWarning, WarningCode } from '../../kommune-warning';

export const WARNING_STATUSES = ['firing', 'cleared', 'all'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export interface KommuneWarnings {
  kommune: string;
  warnings: KommuneWarning[];
}

export class ListKommuneWarningsQuery {
  constructor(
    readonly kommune: string,
    readonly code: WarningCode | null,
    readonly status: WarningStatus,
    readonly department: string | null,
    readonly now: Date,
  ) {}
}
