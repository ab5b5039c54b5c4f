import { useEffect, useState } from 'preact/hooks';
import { api, currentToken, query } from '../../api';
import type { Alert } from '../../api-types';
import { formatDateTime } from '../../format';
import { codeLabel, SEVERITY_LABELS } from '../../labels';

type Connection = 'connecting' | 'open' | 'closed' | 'unavailable';

/**
 * The kommune's firing alerts, and new ones as they arrive over server-sent events (EventSource cannot send
 * headers, so the token goes as `access_token`). New alerts are announced politely to screen readers.
 */
export function LiveAlerts({ kommune }: { kommune: string }) {
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [arrived, setArrived] = useState<Alert[]>([]);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let stopped = false;
    api<{ alerts: Alert[] }>(`/api/v1/kommuner/${kommune}/alerts${query({ status: 'firing', limit: 200 })}`).then(
      (answer) => !stopped && setAlerts(answer.alerts),
      () => !stopped && setConnection('unavailable'),
    );
    const source = new EventSource(`/api/v1/kommuner/${kommune}/alerts/stream${query({ access_token: currentToken() })}`);
    // B's stream: `event: firing | resolved | acknowledged`, `data: {transition, alert}`.
    const receive = (message: MessageEvent<string>) => {
      let alert: Alert | undefined;
      try {
        alert = (JSON.parse(message.data) as { alert?: Alert }).alert;
      } catch {
        return;
      }
      if (!alert || typeof alert.key !== 'string') return;
      const received = alert;
      if (message.type !== 'acknowledged') {
        setArrived((list) =>
          [received, ...list.filter((other) => other.key !== received.key || other.status !== received.status)].slice(0, 20),
        );
      }
      setAlerts((list) =>
        received.status === 'resolved'
          ? list.filter((other) => other.key !== received.key)
          : [received, ...list.filter((other) => other.key !== received.key)],
      );
    };
    source.onopen = () => setConnection('open');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    for (const kind of ['firing', 'resolved', 'acknowledged']) source.addEventListener(kind, receive as EventListener);
    return () => {
      stopped = true;
      source.close();
    };
  }, [kommune]);

  const acknowledge = async (alert: Alert) => {
    const updated = await api<Alert>(`/api/v1/alerts/${alert.id}/ack`, { method: 'POST' });
    setAlerts((list) => list.map((other) => (other.id === alert.id ? { ...other, ...updated } : other)));
  };

  return (
    <div>
      <p class="small" data-testid="alert-connection">
        Direkte forbindelse:{' '}
        {connection === 'open'
          ? 'forbundet'
          : connection === 'connecting'
            ? 'forbinder …'
            : connection === 'unavailable'
              ? 'ikke tilgængelig'
              : 'afbrudt'}
      </p>
      <div aria-live="polite" aria-atomic="false" class="live-region" data-testid="live-alerts">
        {arrived.length > 0 && (
          <>
            <h3>Lige modtaget</h3>
            <ul class="alerts">
              {arrived.map((alert) => (
                <li key={`${alert.key}-${alert.status}`} class={`alert ${alert.status}`}>
                  <strong>{alert.status === 'resolved' ? 'Afsluttet: ' : 'Ny: '}</strong>
                  {codeLabel(alert.code)}
                  {alert.caseId && <> – sag {alert.caseId}</>} ({formatDateTime(alert.raisedAt)})
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <h3>Aktive alarmer ({alerts.length})</h3>
      {alerts.length === 0 ? (
        <p>Ingen aktive alarmer.</p>
      ) : (
        <ul class="alerts" data-testid="firing-alerts">
          {alerts.slice(0, showAll ? 200 : 10).map((alert) => (
            <li key={alert.key} class="alert">
              <span class={`severity ${alert.severity ?? ''}`}>{SEVERITY_LABELS[alert.severity ?? ''] ?? alert.severity}</span>{' '}
              {codeLabel(alert.code)}
              {alert.caseId && <> – sag {alert.caseId}</>}, siden {formatDateTime(alert.raisedAt)}
              {alert.acknowledgedAt ? (
                <span class="small"> (kvitteret {formatDateTime(alert.acknowledgedAt)})</span>
              ) : (
                <>
                  {' '}
                  <button type="button" class="secondary small-button" onClick={() => void acknowledge(alert)}>
                    Kvittér
                    <span class="visually-hidden">
                      {' '}
                      for {codeLabel(alert.code)}
                      {alert.caseId ? ` i sag ${alert.caseId}` : ''}
                    </span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {alerts.length > 10 && (
        <button type="button" class="secondary" aria-expanded={showAll} onClick={() => setShowAll((shown) => !shown)}>
          {showAll ? 'Vis de 10 nyeste' : `Vis alle ${alerts.length} aktive alarmer`}
        </button>
      )}
    </div>
  );
}
