import { useEffect, useRef } from 'preact/hooks';
import { formatDateTime } from '../../format';
import { RESPONDENT_LABELS } from '../../labels';

export interface CreatedRound {
  id: string;
  title: string;
  closesAt: string;
  tokens: Record<string, string[]>;
}

/** The response page a token opens (C's page): `/svar/{token}`. */
export const responseUrl = (token: string) => `${window.location.origin}/svar/${encodeURIComponent(token)}`;

/** The tokens as CSV: one line per token, with its group and its link (RFC 4180; tokens are URL-safe). */
export function tokensCsv(round: CreatedRound): string {
  const lines = ['gruppe,kode,link'];
  for (const [role, tokens] of Object.entries(round.tokens)) {
    for (const token of tokens) lines.push(`${role},${token},${responseUrl(token)}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Shown once, right after creating a round: the tokens are only in that answer. A CSV to download, and a sheet
 * to print (one slip per token, to hand out or mail), the rest of the page hidden in print.
 */
export function TokenSheet({ round, onDone }: { round: CreatedRound; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const download = () => {
    const url = URL.createObjectURL(new Blob([tokensCsv(round)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `engangskoder-${round.id}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const count = Object.values(round.tokens).reduce((sum, tokens) => sum + tokens.length, 0);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        Måling oprettet: {round.title}
      </h1>
      <div class="no-print card" role="status">
        <p>
          <strong>Gem koderne nu.</strong> De {count} engangskoder vises kun denne ene gang. Hver kode kan bruges én gang; svarene kan ikke
          kobles til koden.
        </p>
        <p class="actions">
          <button type="button" onClick={download} data-testid="download-csv">
            Hent koder som CSV
          </button>
          <button type="button" class="secondary" onClick={() => window.print()}>
            Udskriv ark
          </button>
          <button type="button" class="secondary" onClick={onDone}>
            Tilbage til målingerne
          </button>
        </p>
      </div>
      <section class="token-sheet" aria-label="Udskriftsark med engangskoder" data-measurement={round.id}>
        {Object.entries(round.tokens).map(([role, tokens]) => (
          <div key={role} class="token-group">
            <h2>
              {RESPONDENT_LABELS[role] ?? role} ({tokens.length})
            </h2>
            <ul class="tokens">
              {tokens.map((token) => (
                <li key={token} class="token-slip" data-role={role}>
                  <span class="slip-title">Temperaturmåling: {round.title}</span>
                  <span>
                    Svar på <a href={responseUrl(token)}>{responseUrl(token)}</a>
                  </span>
                  <span class="small">
                    Kode: <code>{token}</code>. Kan bruges én gang, senest {formatDateTime(round.closesAt)}. Dit svar er anonymt.
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </>
  );
}
