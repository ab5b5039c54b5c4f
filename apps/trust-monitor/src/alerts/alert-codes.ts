import { FLAG_CODES, type FlagCode } from '../projection/case-flags';
import { WARNING_CODES, type WarningCode } from '../warnings';

/** Every code an alert can carry: the case flags (CONTRACT.md section 4), the warnings (5) and FEED_STALE (6). */
export const ALERT_CODES = [...FLAG_CODES, ...WARNING_CODES, 'FEED_STALE'] as const;
export type AlertCode = FlagCode | WarningCode | 'FEED_STALE';

/** Ordered from least to most urgent: a subscription's minSeverity keeps that severity and the ones after it. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Severity per code. critical: a citizen's legal position is already breached (a deadline or a notified date
 * passed, granted help not started, an appeal not reassessed within Rsl. § 66's four weeks) or the kommune as a
 * whole lets help come late; warning: it can still be prevented, or it is good practice rather than law, or the
 * monitor cannot see (the feed is silent); info: a signal about the case's course rather than a breach.
 */
export const SEVERITY_OF: Readonly<Record<AlertCode, Severity>> = {
  DEADLINE_AT_RISK: 'warning',
  DEADLINE_EXCEEDED_WITHOUT_NOTICE: 'critical',
  NOTIFIED_DATE_EXCEEDED: 'critical',
  HELP_NOT_STARTED: 'critical',
  REFUSAL_NOT_EXPLAINED: 'warning',
  REASSESSMENT_OVERDUE: 'critical',
  CASEWORKER_CHURN: 'info',
  DELAYED_HELP_DETERIORATION: 'critical',
  NATIONAL_OUTLIER: 'warning',
  TRUST_DROP: 'warning',
  FEED_STALE: 'warning',
};

/** The alerts a stale feed holds back (CONTRACT.md section 6): they are about help coming late. */
export const DELAYED_HELP_CODES: readonly AlertCode[] = [
  'DEADLINE_AT_RISK',
  'DEADLINE_EXCEEDED_WITHOUT_NOTICE',
  'NOTIFIED_DATE_EXCEEDED',
  'HELP_NOT_STARTED',
  'DELAYED_HELP_DETERIORATION',
];

/** What the e-mails call each code (Danish, for the kommune's staff). */
export const DANISH_TITLE: Readonly<Record<AlertCode, string>> = {
  DEADLINE_AT_RISK: 'Sagsbehandlingsfristen er i fare',
  DEADLINE_EXCEEDED_WITHOUT_NOTICE: 'Fristen er overskredet uden skriftlig besked til borgeren',
  NOTIFIED_DATE_EXCEEDED: 'Den meddelte dato for afgørelse er overskredet',
  HELP_NOT_STARTED: 'Bevilget hjælp er ikke startet',
  REFUSAL_NOT_EXPLAINED: 'Afslag er ikke forklaret mundtligt',
  REASSESSMENT_OVERDUE: 'Genvurdering af klage er ikke sket inden for 4 uger',
  CASEWORKER_CHURN: 'Mange skift af sagsbehandler',
  DELAYED_HELP_DETERIORATION: 'Stigende andel af forsinkede afgørelser eller hjælp',
  NATIONAL_OUTLIER: 'Afviger fra landstallet',
  TRUST_DROP: 'Fald i borgernes tillid',
  FEED_STALE: 'Ingen hændelser fra sagssystemet',
};

export const DANISH_SEVERITY: Readonly<Record<Severity, string>> = { info: 'information', warning: 'advarsel', critical: 'kritisk' };
