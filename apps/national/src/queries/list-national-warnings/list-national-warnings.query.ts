export const WARNING_STATUSES = ['open', 'all'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** A signal as CONTRACT.md section 5 lists it: method, parameters, the series it fired on, and when. */
export interface NationalWarning {
  key: string;
  code: 'NATIONAL_OUTLIER' | 'DELAYED_HELP_DETERIORATION' | 'TRUST_DROP';
  kommune: string;
  department: string | null;
  series: string;
  method: string;
  parameters: Record<string, number | string | boolean>;
  firedAt: string;
  clearedAt: string | null;
  details: Record<string, unknown>;
}

export class ListNationalWarningsQuery {
  constructor(
    readonly status: WarningStatus,
    readonly code: NationalWarning['code'] | null,
    readonly kommune: string | null,
  ) {}
}
