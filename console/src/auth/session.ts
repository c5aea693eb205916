import type { AuthConfig } from '../config.ts';
import { codeChallenge, randomToken } from './pkce.ts';
import { readTokenClaims, type TokenClaims } from './token-claims.ts';

/** A signed-in user: the bearer token for the API and what it allows. */
export interface Session extends TokenClaims {
  readonly token: string;
}

const TOKEN_KEY = 'hub360.console.token';
const PKCE_KEY = 'hub360.console.pkce';

/** Development sign-in profiles: each a set of the API's route scopes, as a real role would grant. */
export const DEV_PROFILES = [
  { id: 'agent', label: 'Call-center agent (read only)', scopes: ['customers:read'] },
  { id: 'supervisor', label: 'Supervisor (read, unmerge)', scopes: ['customers:read', 'customers:write'] },
  {
    id: 'manager',
    label: 'Sales or service manager (segments, reactions)',
    scopes: ['business:read'],
  },
  {
    id: 'operator',
    label: 'IT operator (connectors, dead letters)',
    scopes: ['connectors:read', 'operations:write'],
  },
  {
    id: 'admin',
    label: 'Administrator (everything above)',
    scopes: ['customers:read', 'customers:write', 'business:read', 'connectors:read', 'operations:write'],
  },
] as const;
export type DevProfileId = (typeof DEV_PROFILES)[number]['id'];

const toSession = (token: string): Session | undefined => {
  try {
    const claims = readTokenClaims(token);
    return claims.expiresAt * 1000 > Date.now() ? { token, ...claims } : undefined;
  } catch {
    return undefined;
  }
};

/** The session kept for this browser tab, if its token has not expired. */
export const restoreSession = (): Session | undefined => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? toSession(token) : undefined;
};

const keep = (token: string): Session => {
  const session = toSession(token);
  if (!session) throw new Error('the issuer returned a token that is expired or not a JWT');
  sessionStorage.setItem(TOKEN_KEY, token);
  return session;
};

export const signOut = (): void => sessionStorage.removeItem(TOKEN_KEY);

/** Local development: asks the local hub's development issuer for a token with the profile's scopes. */
export const signInDev = async (
  tokenUrl: string,
  profile: DevProfileId,
  subject: string,
): Promise<Session> => {
  const chosen = DEV_PROFILES.find((p) => p.id === profile);
  if (!chosen) throw new Error(`unknown profile ${profile}`);
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: chosen.scopes, subject }),
  });
  if (!response.ok) throw new Error(`the development issuer refused (HTTP ${response.status})`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('the development issuer answered without a token');
  return keep(body.token);
};

interface OidcEndpoints {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

const discover = async (issuer: string): Promise<OidcEndpoints> => {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery at ${issuer} failed (HTTP ${response.status})`);
  return (await response.json()) as OidcEndpoints;
};

const redirectUriOf = (auth: Extract<AuthConfig, { mode: 'oidc' }>): string =>
  auth.redirectUri ?? `${location.origin}${location.pathname}`;

/** OIDC: sends the browser to the provider with a PKCE challenge (authorization code flow for a public client). */
export const startOidcSignIn = async (auth: Extract<AuthConfig, { mode: 'oidc' }>): Promise<void> => {
  const endpoints = await discover(auth.issuer);
  const verifier = randomToken(48);
  const state = randomToken(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUriOf(auth),
    scope: auth.scopes.join(' '),
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
};

/** OIDC: on the way back from the provider, trades the code for tokens; undefined when this is not a callback. */
export const completeOidcSignIn = async (
  auth: Extract<AuthConfig, { mode: 'oidc' }>,
): Promise<Session | undefined> => {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname);
  if (!pending || pending.state !== params.get('state')) {
    throw new Error('the sign-in answer does not belong to this browser tab; sign in again');
  }
  const endpoints = await discover(auth.issuer);
  const response = await fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: redirectUriOf(auth),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`the identity provider refused the code (HTTP ${response.status})`);
  const tokens = (await response.json()) as { access_token?: unknown };
  if (typeof tokens.access_token !== 'string') throw new Error('the identity provider sent no access token');
  return keep(tokens.access_token);
};
