import { useState } from 'preact/hooks';
import { api } from '../api';
import type { MeasurementSummary } from '../api-types';
import { Async } from '../components/status';
import { TableRegion } from '../components/table-region';
import { useApi } from '../components/use-api';
import { formatDate, formatWhole } from '../format';
import { kommuneName, QUESTIONS, RESPONDENT_LABELS, RESPONDENT_ROLES, TIMING_QUESTION } from '../labels';
import type { Session } from '../session';
import { MeasurementResultsSection } from './kommune-view';
import { TokenSheet, type CreatedRound } from './measurements/token-sheet';

const STATUS_LABELS: Record<string, string> = { scheduled: 'Planlagt', open: 'Åben', closed: 'Afsluttet' };

/** Temperature measurements: create a round, hand out its one-time tokens, follow the answers, read the results. */
export function MeasurementsView({ session, title }: { session: Session; title: string }) {
  const kommune = session.kommune ?? '101';
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<CreatedRound | null>(null);
  // Kept here: the list below is drawn anew each time the counts are fetched again.
  const [showing, setShowing] = useState<string | null>(null);
  const list = useApi<{ measurements: MeasurementSummary[] } | MeasurementSummary[]>(`/api/v1/kommuner/${kommune}/measurements`, version);
  if (created)
    return (
      <TokenSheet
        round={created}
        onDone={() => {
          setCreated(null);
          setVersion((n) => n + 1);
        }}
      />
    );
  return (
    <>
      <h1 tabIndex={-1}>
        {title}: {kommuneName(kommune)}
      </h1>
      <p>
        Korte målinger med VIVEs spørgsmål fra 2020, besvaret anonymt af borgere, sagsbehandlere og ledere med engangskoder. Resultater fra
        færre end 5 svar vises aldrig.
      </p>
      <section aria-labelledby="rounds-title">
        <h2 id="rounds-title">Målinger</h2>
        <button type="button" class="secondary" onClick={() => setVersion((n) => n + 1)}>
          Opdatér svartal
        </button>
        <Async loaded={list} what="målingerne">
          {(answer) => {
            const rounds = (Array.isArray(answer) ? answer : answer.measurements)
              .slice()
              .sort((a, b) => b.opensAt.localeCompare(a.opensAt));
            return rounds.length === 0 ? (
              <p>Ingen målinger endnu.</p>
            ) : (
              <RoundList rounds={rounds} onChange={() => setVersion((n) => n + 1)} showing={showing} setShowing={setShowing} />
            );
          }}
        </Async>
      </section>
      <section aria-labelledby="create-title">
        <h2 id="create-title">Ny måling</h2>
        <CreateRound kommune={kommune} onCreated={(round) => setCreated(round)} />
      </section>
    </>
  );
}

function RoundList({
  rounds,
  onChange,
  showing,
  setShowing,
}: {
  rounds: MeasurementSummary[];
  onChange: () => void;
  showing: string | null;
  setShowing: (id: string) => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const close = async (round: MeasurementSummary) => {
    setFailure(null);
    try {
      await api(`/api/v1/measurements/${round.id}/close`, { method: 'POST', body: {} });
      onChange();
      setShowing(round.id);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  const shown = rounds.find((round) => round.id === showing);
  return (
    <>
      {failure && (
        <p class="status error" role="alert">
          Kunne ikke afslutte målingen: {failure}
        </p>
      )}
      <TableRegion captionId="rounds-caption">
        <table id="rounds">
          <caption id="rounds-caption">Kommunens temperaturmålinger og antal svar pr. gruppe</caption>
          <thead>
            <tr>
              <th scope="col">Måling</th>
              <th scope="col">Status</th>
              <th scope="col">Periode</th>
              {RESPONDENT_ROLES.map((role) => (
                <th scope="col" class="num" key={role}>
                  {RESPONDENT_LABELS[role]}: svar / koder
                </th>
              ))}
              <th scope="col">Handling</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((round) => (
              <tr key={round.id} data-round={round.id}>
                <th scope="row">{round.title}</th>
                <td>{STATUS_LABELS[round.status] ?? round.status}</td>
                <td>
                  {formatDate(round.opensAt)} – {formatDate(round.closedAt ?? round.closesAt)}
                </td>
                {RESPONDENT_ROLES.map((role) => (
                  <td class="num" key={role} data-testid={`responses-${role}`}>
                    {round.roles.includes(role)
                      ? `${formatWhole(round.responses[role] ?? 0)} / ${formatWhole(round.tokensIssued[role] ?? 0)}`
                      : '–'}
                  </td>
                ))}
                <td>
                  {round.status === 'closed' ? (
                    <button type="button" class="secondary" onClick={() => setShowing(round.id)} aria-pressed={showing === round.id}>
                      Vis resultater<span class="visually-hidden"> for {round.title}</span>
                    </button>
                  ) : (
                    <button type="button" class="secondary" onClick={() => void close(round)}>
                      Afslut nu<span class="visually-hidden"> {round.title}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {shown && shown.status === 'closed' && (
        <section aria-labelledby="results-title" data-testid="round-results">
          <h3 id="results-title">Resultater: {shown.title}</h3>
          <MeasurementResultsSection measurement={shown} />
        </section>
      )}
    </>
  );
}

const toLocalInput = (date: Date) => {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};

function CreateRound({ kommune, onCreated }: { kommune: string; onCreated: (round: CreatedRound) => void }) {
  const now = new Date();
  const [title, setTitle] = useState('');
  const [questions, setQuestions] = useState<string[]>([...QUESTIONS.map((question) => question.id), TIMING_QUESTION.id]);
  const [roles, setRoles] = useState<string[]>([...RESPONDENT_ROLES]);
  const [closesAt, setClosesAt] = useState(toLocalInput(new Date(now.getTime() + 28 * 86_400_000)));
  const [tokens, setTokens] = useState(50);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (list: string[], value: string, set: (next: string[]) => void) =>
    set(list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      const body = { title, questionIds: questions, roles, closesAt: new Date(closesAt).toISOString(), tokensPerRole: tokens };
      const answer = await api<{ id: string; tokens: Record<string, string[]> }>(`/api/v1/kommuner/${kommune}/measurements`, {
        method: 'POST',
        body,
      });
      onCreated({ id: answer.id, title, closesAt: body.closesAt, tokens: answer.tokens });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <div class="field">
        <label for="round-title">Titel</label>
        <input
          id="round-title"
          type="text"
          required
          maxLength={120}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
      </div>
      <fieldset>
        <legend>Spørgsmål (VIVE 2020)</legend>
        {[...QUESTIONS, { id: TIMING_QUESTION.id, label: TIMING_QUESTION.label, reverseCoded: false }].map((question) => (
          <div class="choice" key={question.id}>
            <input
              type="checkbox"
              id={`q-${question.id}`}
              checked={questions.includes(question.id)}
              onChange={() => toggle(questions, question.id, setQuestions)}
            />
            <label for={`q-${question.id}`}>{question.label}</label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Hvem spørges</legend>
        {RESPONDENT_ROLES.map((role) => (
          <div class="choice" key={role}>
            <input type="checkbox" id={`r-${role}`} checked={roles.includes(role)} onChange={() => toggle(roles, role, setRoles)} />
            <label for={`r-${role}`}>{RESPONDENT_LABELS[role]}</label>
          </div>
        ))}
      </fieldset>
      <div class="field">
        <label for="round-closes">Lukker (dato og tid)</label>
        <input
          id="round-closes"
          type="datetime-local"
          required
          value={closesAt}
          onInput={(event) => setClosesAt(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="round-tokens">Engangskoder pr. gruppe</label>
        <input
          id="round-tokens"
          type="number"
          min={1}
          max={5000}
          required
          value={tokens}
          onInput={(event) => setTokens(Number(event.currentTarget.value))}
        />
      </div>
      <p class="small">Målingen åbner med det samme. Koderne vises kun én gang, lige efter oprettelsen: hent dem straks.</p>
      {failure && (
        <p class="status error" role="alert">
          Kunne ikke oprette målingen: {failure}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Opret måling
      </button>
    </form>
  );
}
