import kommuneRegistry from '../../../../libs/domain/data/kommuner.json';
import questionBank from '../../../../libs/surveys/data/vive-2020-question-bank.json';

/** Danish names for what the API answers in codes (the UI speaks Danish, the API English). */

export interface KommuneEntry {
  code: string;
  name: string;
  region: string;
}
export const KOMMUNER: readonly KommuneEntry[] = kommuneRegistry.kommuner;
const kommuneNames = new Map(KOMMUNER.map((kommune) => [kommune.code, kommune]));
export const kommuneName = (code: string | null | undefined): string => (code ? (kommuneNames.get(code)?.name ?? code) : '');
export const kommuneRegion = (code: string): string => kommuneNames.get(code)?.region ?? '';

export const ROLE_LABELS: Record<string, string> = {
  kommune_leader: 'Ledelse (kommune)',
  kommune_staff: 'Teamleder / medarbejder (kommune)',
  secretariat: 'Partnerskabets sekretariat (nationalt)',
  admin: 'Administrator',
  source_system: 'Fagsystem',
};

export const DEPARTMENTS = ['adult_disability', 'children_family', 'jobcenter', 'health', 'other'] as const;
export const DEPARTMENT_LABELS: Record<string, string> = {
  adult_disability: 'Voksne med handicap',
  children_family: 'Børn og familie',
  jobcenter: 'Jobcenter',
  health: 'Sundhed',
  other: 'Andet',
};
export const departmentLabel = (code: string | null | undefined): string => (code ? (DEPARTMENT_LABELS[code] ?? code) : 'Hele kommunen');

export type IndicatorKind = 'proportion' | 'count' | 'rate' | 'distribution';

export interface IndicatorInfo {
  label: string;
  kind: IndicatorKind;
  /** Whether a higher figure is the better one (for the reader's orientation only; never a ranking). */
  higherIsBetter: boolean | null;
  unit?: string;
}

export const INDICATORS: Record<string, IndicatorInfo> = {
  timely_decisions: { label: 'Afgørelser inden for fristen', kind: 'proportion', higherIsBetter: true },
  overdue_open_requests: { label: 'Verserende ansøgninger over fristen', kind: 'count', higherIsBetter: false },
  extension_notice_compliance: { label: 'Skriftlig besked før fristen blev overskredet', kind: 'proportion', higherIsBetter: true },
  late_help_start: { label: 'Bevilget hjælp, der startede for sent', kind: 'proportion', higherIsBetter: false },
  oral_explanation_of_refusals: { label: 'Afslag forklaret mundtligt', kind: 'proportion', higherIsBetter: true },
  written_reasons: { label: 'Afslag med skriftlig begrundelse', kind: 'proportion', higherIsBetter: true },
  complaint_guidance: { label: 'Afslag med klagevejledning', kind: 'proportion', higherIsBetter: true },
  caseworker_changes_per_case_year: { label: 'Skift af sagsbehandler pr. sagsår', kind: 'rate', higherIsBetter: false },
  high_caseworker_turnover: { label: 'Åbne sager med mindst 3 sagsbehandlere på et år', kind: 'proportion', higherIsBetter: false },
  personal_contacts_per_case_month: { label: 'Personlige kontakter pr. sagsmåned', kind: 'rate', higherIsBetter: true },
  home_visit_share: { label: 'Hjemmebesøg blandt personlige kontakter', kind: 'proportion', higherIsBetter: true },
  complaints_per_100_decisions: { label: 'Klager pr. 100 afgørelser', kind: 'rate', higherIsBetter: false },
  timely_reassessment: { label: 'Genvurdering inden for 4 uger', kind: 'proportion', higherIsBetter: true },
  appeal_reversal_rate: { label: 'Omgørelsesprocent i Ankestyrelsen', kind: 'proportion', higherIsBetter: false },
  time_to_decision_days: { label: 'Dage fra ansøgning til afgørelse', kind: 'distribution', higherIsBetter: false, unit: 'dage' },
  time_to_help_days: { label: 'Dage fra ansøgning til hjælpen startede', kind: 'distribution', higherIsBetter: false, unit: 'dage' },
};
export const indicatorLabel = (id: string): string => INDICATORS[id]?.label ?? id;

/** The indicators the kommune view leads with, each with its 12-month trend line. */
export const HEADLINE_INDICATORS = [
  'timely_decisions',
  'late_help_start',
  'oral_explanation_of_refusals',
  'overdue_open_requests',
  'extension_notice_compliance',
  'appeal_reversal_rate',
] as const;

/** The indicators the national feed compares kommuner on (funnel plots). */
export const NATIONAL_INDICATORS = ['timely_decisions', 'late_help_start', 'appeal_reversal_rate'] as const;

export const FLAG_CODES = [
  'DEADLINE_AT_RISK',
  'DEADLINE_EXCEEDED_WITHOUT_NOTICE',
  'NOTIFIED_DATE_EXCEEDED',
  'HELP_NOT_STARTED',
  'REFUSAL_NOT_EXPLAINED',
  'REASSESSMENT_OVERDUE',
  'CASEWORKER_CHURN',
] as const;
export const CODE_LABELS: Record<string, string> = {
  DEADLINE_AT_RISK: 'Fristen er i fare',
  DEADLINE_EXCEEDED_WITHOUT_NOTICE: 'Fristen overskredet uden skriftlig besked',
  NOTIFIED_DATE_EXCEEDED: 'Meddelt afgørelsesdato overskredet',
  HELP_NOT_STARTED: 'Bevilget hjælp ikke startet',
  REFUSAL_NOT_EXPLAINED: 'Afslag ikke forklaret mundtligt',
  REASSESSMENT_OVERDUE: 'Genvurdering over 4 uger',
  CASEWORKER_CHURN: 'Mange skift af sagsbehandler',
  DELAYED_HELP_DETERIORATION: 'Forværring: afgørelser eller hjælp kommer for sent',
  NATIONAL_OUTLIER: 'Uden for landets kontrolgrænser',
  TRUST_DROP: 'Fald i borgernes tillid',
  FEED_STALE: 'Ingen hændelser fra fagsystemet',
};
export const codeLabel = (code: string): string => CODE_LABELS[code] ?? code;

export const SEVERITY_LABELS: Record<string, string> = { critical: 'Kritisk', warning: 'Advarsel', info: 'Information' };

export interface QuestionInfo {
  id: string;
  label: string;
  reverseCoded: boolean;
  baseline2020: Record<string, number | null>;
}
export const QUESTIONS: readonly QuestionInfo[] = questionBank.items.map((item) => ({
  id: item.id,
  label: item.label,
  reverseCoded: item.reverseCoded,
  baseline2020: item.baseline2020 as Record<string, number | null>,
}));
export const TIMING_QUESTION = {
  id: questionBank.timing.id,
  label: questionBank.timing.label,
  baseline2020Shares: questionBank.timing.baseline2020Shares as Record<string, number[]>,
};
export const questionLabel = (id: string): string => QUESTIONS.find((question) => question.id === id)?.label ?? id;

export const RESPONDENT_ROLES = ['citizen', 'caseworker', 'leader'] as const;
export const RESPONDENT_LABELS: Record<string, string> = { citizen: 'Borgere', caseworker: 'Sagsbehandlere', leader: 'Ledere' };
export const GAP_LABELS: Record<string, string> = {
  'L-B': 'Ledere minus borgere',
  'S-B': 'Sagsbehandlere minus borgere',
  'L-S': 'Ledere minus sagsbehandlere',
};
export const TIMING_LABELS: Record<string, string> = {
  i_rette_tid: 'I rette tid',
  noget_sent: 'Noget sent',
  saa_sent_at_det_gav_problemer: 'Så sent, at det gav problemer',
};
