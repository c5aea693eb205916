import { useEffect, useMemo, useState } from 'preact/hooks';
import { AgentView } from './agent/agent-view.tsx';
import { createApiClient } from './api/api-client.ts';
import { type Session, signOut } from './auth/session.ts';
import { mayOpen } from './auth/view-access.ts';
import { type BusinessRoute, BusinessView, readBusinessRoute } from './business/business-view.tsx';
import type { ConsoleConfig } from './config.ts';
import { Login } from './login.tsx';
import { OperatorView } from './operator/operator-view.tsx';
import { ViewRefused } from './ui/view-refused.tsx';

/** Where the console is: `#/agent[/<customerId>]`, `#/operator`, `#/business[/<section>[/<item>]]`. */
type Route =
  | { view: 'agent'; customerId?: string }
  | { view: 'operator' }
  | { view: 'business'; business: BusinessRoute };

const readRoute = (): Route => {
  const [, view, id, item] = location.hash.split('/');
  if (view === 'operator') return { view: 'operator' };
  if (view === 'business') return { view: 'business', business: readBusinessRoute(id, item) };
  return id ? { view: 'agent', customerId: decodeURIComponent(id) } : { view: 'agent' };
};

const NAV = [
  { view: 'agent', label: 'Agent' },
  { view: 'business', label: 'Business' },
  { view: 'operator', label: 'Operator' },
] as const;

export const App = (props: { config: ConsoleConfig; session: Session | undefined }) => {
  const [session, setSession] = useState(props.session);
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onHash = () => setRoute(readRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const api = useMemo(
    () => (session ? createApiClient(props.config.apiUrl, session.token) : undefined),
    [session, props.config],
  );
  useEffect(() => {
    document.title = `hub360 · ${route.view}`;
  }, [route.view]);
  const openCustomer = (id: string) => {
    location.hash = `#/agent/${encodeURIComponent(id)}`;
  };
  // The views this token opens, as the API's route scopes decide; the others are left out of the menu.
  const offered = NAV.filter((n) => session && mayOpen(n.view, session.scopes));
  const landing = offered[0]?.view;
  useEffect(() => {
    // Land where the token can work: a business-only user starts on the business views, not a refusal.
    if (location.hash === '' && landing && landing !== 'agent') location.hash = `#/${landing}`;
  }, [landing]);

  if (!session || !api) return <Login auth={props.config.auth} onSignedIn={setSession} />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">hub360</span>
        <nav aria-label="Views">
          {offered.map((n) => (
            <a key={n.view} href={`#/${n.view}`} aria-current={route.view === n.view ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <span class="who" data-user={session.subject}>
          {session.subject} <code class="small">{[...session.scopes].join(' ')}</code>
        </span>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            signOut();
            setSession(undefined);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {mayOpen(route.view, session.scopes) ? null : <ViewRefused view={route.view} held={session.scopes} />}
        {route.view === 'agent' && mayOpen('agent', session.scopes) ? (
          <AgentView
            api={api}
            config={props.config}
            customerId={route.customerId}
            canUnmerge={session.scopes.has('customers:write')}
            open={openCustomer}
          />
        ) : null}
        {route.view === 'operator' && mayOpen('operator', session.scopes) ? (
          <OperatorView api={api} canRedrive={session.scopes.has('operations:write')} />
        ) : null}
        {route.view === 'business' && mayOpen('business', session.scopes) ? (
          <BusinessView api={api} route={route.business} openCustomer={openCustomer} />
        ) : null}
      </main>
    </>
  );
};
