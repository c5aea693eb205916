import { render } from 'preact';
import { App } from './app.tsx';
import { completeOidcSignIn, restoreSession } from './auth/session.ts';
import { loadConsoleConfig } from './config.ts';

const root = document.getElementById('app');

const start = async () => {
  if (!root) throw new Error('the page has no #app element');
  const config = await loadConsoleConfig();
  const session =
    (config.auth.mode === 'oidc' ? await completeOidcSignIn(config.auth) : undefined) ?? restoreSession();
  // The static "Loading…" placeholder is not Preact's; clear it so the app replaces it.
  root.replaceChildren();
  render(<App config={config} session={session} />, root);
};

start().catch((err: unknown) => {
  if (root) {
    root.textContent = `The console could not start: ${err instanceof Error ? err.message : String(err)}`;
    root.setAttribute('role', 'alert');
  }
});
