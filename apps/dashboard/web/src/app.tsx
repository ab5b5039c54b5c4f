import { useEffect, useRef, useState } from 'preact/hooks';
import { useToken } from './api';
import { kommuneName, ROLE_LABELS } from './labels';
import { completeOidcLogin } from './oidc';
import { readSession, saveSession, type Role, type Session } from './session';
import { KommuneView } from './views/kommune-view';
import { LoginView } from './views/login-view';
import { MeasurementsView } from './views/measurements-view';
import { NationalView } from './views/national-view';
import { TeamView } from './views/team-view';

interface Route {
  path: string;
  title: string;
  roles: Role[];
}

const ROUTES: Route[] = [
  { path: 'kommune', title: 'Kommunens tillidsbarometer', roles: ['kommune_leader', 'kommune_staff', 'admin'] },
  { path: 'team', title: 'Sager der kræver handling', roles: ['kommune_leader', 'kommune_staff', 'admin'] },
  { path: 'maalinger', title: 'Temperaturmålinger', roles: ['kommune_leader', 'admin'] },
  { path: 'national', title: 'Landsoverblik', roles: ['secretariat', 'admin'] },
];

const NAV_LABELS: Record<string, string> = { kommune: 'Kommune', team: 'Sager', maalinger: 'Målinger', national: 'Landsoverblik' };

function currentPath(): string {
  const hash = window.location.hash;
  return hash.startsWith('#/') ? hash.slice(2).split('?')[0]! : '';
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [path, setPath] = useState(currentPath());
  const [oidcError, setOidcError] = useState<string | null>(null);
  const main = useRef<HTMLElement>(null);
  useToken(session?.token ?? null);

  useEffect(() => {
    const onHash = () => {
      if (window.location.hash.startsWith('#/') || window.location.hash === '') setPath(currentPath());
    };
    window.addEventListener('hashchange', onHash);
    completeOidcLogin().then(
      (token) => token && signIn(token),
      (error: unknown) => setOidcError(error instanceof Error ? error.message : String(error)),
    );
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const signIn = (next: Session) => {
    saveSession(next);
    useToken(next.token);
    setSession(next);
    const first = ROUTES.find((route) => route.roles.includes(next.role));
    window.location.hash = `#/${first?.path ?? ''}`;
  };
  const signOut = () => {
    saveSession(null);
    useToken(null);
    setSession(null);
    window.location.hash = '';
  };

  const allowed = session ? ROUTES.filter((route) => route.roles.includes(session.role)) : [];
  const route = allowed.find((candidate) => candidate.path === path) ?? allowed[0];
  const title = session ? (route?.title ?? 'Ingen visninger for din rolle') : 'Log ind';

  useEffect(() => {
    document.title = `${title} – Tillidsbarometer`;
    // A new view: move focus to its heading so that screen readers start there (not on the first time).
    if (main.current && document.activeElement !== document.body) main.current.querySelector('h1')?.focus();
  }, [title, path]);

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault(); // the hash is the router's: move focus instead of navigating
          main.current?.focus();
        }}
      >
        Spring til indholdet
      </a>
      <header class="site-header">
        <div class="brand">
          <span class="brand-name">Tillidsbarometer</span>
          <span class="brand-sub">Tillid mellem borgere med handicap og kommunen</span>
        </div>
        {session && (
          <nav aria-label="Hovedmenu">
            <ul>
              {allowed.map((candidate) => (
                <li key={candidate.path}>
                  <a href={`#/${candidate.path}`} aria-current={candidate === route ? 'page' : undefined}>
                    {NAV_LABELS[candidate.path]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session && (
          <div class="who">
            <span>
              {ROLE_LABELS[session.role] ?? session.role}
              {session.kommune ? `, ${kommuneName(session.kommune)}` : ''}
            </span>
            <button type="button" class="secondary" onClick={signOut}>
              Log ud
            </button>
          </div>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {!session || !route ? (
          <LoginView onSignIn={signIn} title={session && !route ? title : 'Log ind'} error={oidcError} />
        ) : route.path === 'kommune' ? (
          <KommuneView session={session} title={route.title} />
        ) : route.path === 'team' ? (
          <TeamView session={session} title={route.title} />
        ) : route.path === 'maalinger' ? (
          <MeasurementsView session={session} title={route.title} />
        ) : (
          <NationalView title={route.title} />
        )}
      </main>
      <footer class="site-footer">
        <p>
          Tal fra kommunernes fagsystemer og temperaturmålinger med VIVEs spørgsmål fra 2020. API-dokumentation:{' '}
          <a href="/api/docs">/api/docs</a>.
        </p>
      </footer>
    </>
  );
}
