import type { FlagCode } from '../../projection/case-flags';

export type FlagStatus = 'open' | 'cleared' | 'all';
export const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'cleared', 'all'];

export interface ListedFlag {
  code: FlagCode;
  caseId: string;
  department: string;
  area: string;
  raisedAt: string;
  clearedAt?: string;
  details: Record<string, string | number>;
}

export class ListFlagsQuery {
  constructor(
    readonly kommune: string,
    readonly now: Date,
    readonly status: FlagStatus,
    readonly code: FlagCode | null,
    readonly department: string | null,
  ) {}
}
