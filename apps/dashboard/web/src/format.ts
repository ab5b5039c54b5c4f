/** Numbers and dates as a Danish reader expects them. */
const percent = new Intl.NumberFormat('da-DK', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });
const date = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Copenhagen' });
const dateTime = new Intl.DateTimeFormat('da-DK', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
const month = new Intl.DateTimeFormat('da-DK', { month: 'short', year: '2-digit', timeZone: 'Europe/Copenhagen' });

export const formatPercent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : percent.format(value);
export const formatDecimal = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : decimal.format(value);
export const formatWhole = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : whole.format(value);
export const formatDate = (iso: string | null | undefined): string => (iso ? date.format(new Date(iso)) : '–');
export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '–');
export const formatMonth = (iso: string): string => month.format(new Date(iso));

export function formatInterval(ci: readonly [number, number] | null | undefined, asPercent = true): string {
  if (!ci) return '–';
  const f = asPercent ? formatPercent : formatDecimal;
  return `${f(ci[0])} – ${f(ci[1])}`;
}

/** Whole days between two instants (open for ... days). */
export function daysBetween(fromIso: string, to: Date = new Date()): number {
  return Math.max(0, Math.floor((to.getTime() - new Date(fromIso).getTime()) / 86_400_000));
}
