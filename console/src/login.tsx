import { useState } from 'preact/hooks';
import { DEV_PROFILES, type DevProfileId, type Session, signInDev, startOidcSignIn } from './auth/session.ts';
import type { AuthConfig } from './config.ts';
import { ErrorMessage } from './ui/error-message.tsx';

/** Sign-in: the OIDC provider on a deployment, a choice of role against the local development issuer. */
export const Login = (props: { auth: AuthConfig; onSignedIn: (session: Session) => void }) => {
  const [profile, setProfile] = useState<DevProfileId>('agent');
  const [subject, setSubject] = useState('agent.local');
  const [error, setError] = useState<unknown>();
  const { auth } = props;

  if (auth.mode === 'oidc') {
    return (
      <main class="login">
        <h1>hub360 console</h1>
        <button type="button" onClick={() => void startOidcSignIn(auth).catch(setError)}>
          Sign in
        </button>
        {error ? <ErrorMessage error={error} /> : null}
      </main>
    );
  }
  return (
    <main class="login">
      <h1>hub360 console</h1>
      <p>
        Local hub: sign in with the development issuer. Each role gets the API scopes it would have in
        production.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signInDev(auth.tokenUrl, profile, subject).then(props.onSignedIn, setError);
        }}
      >
        <fieldset>
          <legend>Role</legend>
          {DEV_PROFILES.map((p) => (
            <label key={p.id} class="choice">
              <input
                type="radio"
                name="profile"
                value={p.id}
                checked={profile === p.id}
                onChange={() => setProfile(p.id)}
              />
              {p.label} <code class="small">{p.scopes.join(' ')}</code>
            </label>
          ))}
        </fieldset>
        <label for="subject">Your name (recorded as who asked, e.g. for an unmerge)</label>
        <input id="subject" value={subject} required onInput={(e) => setSubject(e.currentTarget.value)} />
        <button type="submit">Sign in</button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </main>
  );
};
