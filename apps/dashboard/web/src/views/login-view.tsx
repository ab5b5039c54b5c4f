import { useState } from 'preact/hooks';
import { api } from '../api';
import { Async } from '../components/status';
import { useApi } from '../components/use-api';
import { KOMMUNER, ROLE_LABELS } from '../labels';
import { startOidcLogin, type OidcOptions } from '../oidc';
import { sessionFromToken, type Session } from '../session';

interface LoginOptions {
  /** The embedded mode with a generated development secret: pick a kommune and a role. */
  demo: boolean;
  oidc: (OidcOptions & { providerName: string }) | null;
}

const DEMO_ROLES = ['kommune_leader', 'kommune_staff', 'secretariat', 'admin'] as const;
const KOMMUNE_ROLES = new Set(['kommune_leader', 'kommune_staff', 'admin']);

const regions = [...new Set(KOMMUNER.map((kommune) => kommune.region))];

export function LoginView({ onSignIn, title, error }: { onSignIn: (session: Session) => void; title: string; error: string | null }) {
  const options = useApi<LoginOptions>('/api/v1/dashboard/login-options');
  return (
    <section aria-labelledby="login-title" class="login">
      <h1 id="login-title" tabIndex={-1}>
        {title}
      </h1>
      {error && (
        <p class="status error" role="alert">
          Login mislykkedes: {error}
        </p>
      )}
      <Async loaded={options} what="loginmulighederne">
        {(data) => (
          <>
            {data.demo && <DemoLogin onSignIn={onSignIn} />}
            {data.oidc && (
              <div class="card">
                <h2>Log ind med {data.oidc.providerName}</h2>
                <button type="button" onClick={() => void startOidcLogin(data.oidc!)}>
                  Log ind med {data.oidc.providerName}
                </button>
              </div>
            )}
            <TokenLogin onSignIn={onSignIn} />
          </>
        )}
      </Async>
    </section>
  );
}

function DemoLogin({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const [kommune, setKommune] = useState('101');
  const [role, setRole] = useState<string>('kommune_leader');
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    try {
      const body = KOMMUNE_ROLES.has(role) && role !== 'admin' ? { role, kommune } : { role };
      const { token } = await api<{ token: string }>('/api/v1/dashboard/demo-login', { method: 'POST', body });
      onSignIn(sessionFromToken(token, role === 'admin' ? kommune : null));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="demo-title">
      <h2 id="demo-title">Demo: vælg kommune og rolle</h2>
      <p>
        Kører med udviklingsnøgler og syntetiske data. Valget giver et demo-token for den valgte rolle; i drift logger man ind via kommunens
        identitetsudbyder.
      </p>
      <div class="field">
        <label for="demo-kommune">Kommune</label>
        <select
          id="demo-kommune"
          value={kommune}
          onChange={(event) => setKommune(event.currentTarget.value)}
          disabled={role === 'secretariat'}
        >
          {regions.map((region) => (
            <optgroup key={region} label={region}>
              {KOMMUNER.filter((k) => k.region === region).map((k) => (
                <option key={k.code} value={k.code}>
                  {k.name} ({k.code})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Rolle</legend>
        {DEMO_ROLES.map((candidate) => (
          <div class="choice" key={candidate}>
            <input
              type="radio"
              id={`role-${candidate}`}
              name="role"
              value={candidate}
              checked={role === candidate}
              onChange={() => setRole(candidate)}
            />
            <label for={`role-${candidate}`}>{ROLE_LABELS[candidate]}</label>
          </div>
        ))}
      </fieldset>
      {failure && (
        <p class="status error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit">Log ind</button>
    </form>
  );
}

function TokenLogin({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    try {
      onSignIn(sessionFromToken(token.trim()));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <details class="card">
      <summary>Log ind med et adgangstoken</summary>
      <form onSubmit={submit}>
        <div class="field">
          <label for="token-input">Adgangstoken (JWT)</label>
          <textarea id="token-input" rows={3} value={token} onInput={(event) => setToken(event.currentTarget.value)} />
        </div>
        {failure && (
          <p class="status error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit">Brug tokenet</button>
      </form>
    </details>
  );
}
