import { kommuneByCode } from '@tillidsbarometer/domain';
import { DANISH_SEVERITY, DANISH_TITLE, SEVERITY_OF, type AlertCode } from '../alert-codes';
import type { NotifiedAlert } from '../alert-view';

const when = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long', timeStyle: 'short' });

/**
 * A notification as an e-mail to the kommune's staff, in Danish: one line per alert with what it is about,
 * the case number (the staff resolve it in their case system) and when it began or ended.
 */
export function renderAlertEmail(
  kommune: string,
  alerts: readonly NotifiedAlert[],
  notificationId: string,
): { subject: string; text: string } {
  const place = `${kommuneByCode(kommune)?.name ?? kommune} (${kommune})`;
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const resolved = alerts.length - firing;
  const counts = [firing > 0 ? `${firing} ${firing === 1 ? 'ny advarsel' : 'nye advarsler'}` : '', resolved > 0 ? `${resolved} ophørt` : '']
    .filter(Boolean)
    .join(' og ');
  const lines = alerts.map((alert) => {
    const code = alert.code as AlertCode;
    const head = `${alert.status === 'firing' ? 'AKTIV' : 'OPHØRT'} (${DANISH_SEVERITY[SEVERITY_OF[code]]}): ${DANISH_TITLE[code] ?? code}`;
    return [
      head,
      ...(alert.caseId ? [`  Sag: ${alert.caseId}`] : []),
      `  Opstået: ${when.format(new Date(alert.raisedAt))}`,
      ...(alert.clearedAt ? [`  Ophørt: ${when.format(new Date(alert.clearedAt))}`] : []),
      `  Nøgle: ${alert.key}`,
    ].join('\n');
  });
  return {
    subject: `Tillidsbarometer, ${place}: ${counts}`,
    text: [
      `Tillidsbarometer har nyt om advarsler i ${place}.`,
      '',
      ...lines.flatMap((line) => [line, '']),
      'Du får denne e-mail, fordi der er oprettet et abonnement på advarsler for kommunen.',
      `Meddelelsens id: ${notificationId}`,
      '',
    ].join('\n'),
  };
}
