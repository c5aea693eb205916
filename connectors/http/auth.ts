import * as z from 'zod';
import type { Clock } from '../../core/ports/clock.ts';
import type { SecretResolver } from '../../core/ports/secret-resolver.ts';
import { SecretUnavailableError } from '../../core/ports/secret-resolver.ts';
import type { HttpRequest, HttpTransport } from './transport.ts';

const secretRef = z
  .string()
  .min(1, 'must name a secret (Secrets Manager name/ARN, or a local HUB_SECRET_* entry)');

/** How a connector authenticates. Only secret REFERENCES appear here, never the secret values. */
export const AuthConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** Secret fields: `username`, `password`. */
  z.strictObject({ kind: z.literal('basic'), secret: secretRef }),
  /** Secret field: `token`. */
  z.strictObject({ kind: z.literal('bearer'), secret: secretRef }),
  /** Secret fields: `clientId`, `clientSecret`. */
  z.strictObject({
    kind: z.literal('oauth2-client-credentials'),
    tokenUrl: z.url(),
    scope: z.string().optional(),
    secret: secretRef,
  }),
]);
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

/** Produces the auth headers for a request; `invalidate` drops a cached token after a 401. */
export interface Authorizer {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  invalidate(): void;
}

const field = (secret: Readonly<Record<string, string>>, name: string, reference: string): string => {
  const value = secret[name];
  if (!value) throw new SecretUnavailableError(`Secret "${reference}" has no "${name}" field`);
  return value;
};

/** Builds the token request of the OAuth2 client-credentials grant (RFC 6749 §4.4) as a plain value. */
export const buildClientCredentialsRequest = (
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  scope: string | undefined,
  timeoutMs: number,
): HttpRequest => {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  return {
    method: 'POST',
    url: tokenUrl,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
    },
    body: form.toString(),
    timeoutMs,
  };
};

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

/** A token endpoint refused the client or answered something that is not a token. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

export interface AuthorizerDependencies {
  readonly secrets: SecretResolver;
  /** Sends the token request; the HTTP client passes its own budgeted, retrying sender. */
  readonly send: HttpTransport;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

/** Creates the authorizer for a connector's auth config. */
export const createAuthorizer = (auth: AuthConfig, deps: AuthorizerDependencies): Authorizer => {
  switch (auth.kind) {
    case 'none':
      return { headers: async () => ({}), invalidate: () => undefined };
    case 'basic':
      return {
        headers: async () => {
          const secret = await deps.secrets.resolve(auth.secret);
          const user = field(secret, 'username', auth.secret);
          const password = field(secret, 'password', auth.secret);
          return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
        },
        invalidate: () => undefined,
      };
    case 'bearer':
      return {
        headers: async () => {
          const secret = await deps.secrets.resolve(auth.secret);
          return { authorization: `Bearer ${field(secret, 'token', auth.secret)}` };
        },
        invalidate: () => undefined,
      };
    case 'oauth2-client-credentials':
      return createClientCredentialsAuthorizer(auth, deps);
  }
};

const createClientCredentialsAuthorizer = (
  auth: Extract<AuthConfig, { kind: 'oauth2-client-credentials' }>,
  deps: AuthorizerDependencies,
): Authorizer => {
  let token: { value: string; expiresAt: number } | undefined;
  // Refresh a minute early so a token never expires between building and sending a request.
  const earlyRefreshMs = 60_000;
  const fetchToken = async (signal?: AbortSignal) => {
    const secret = await deps.secrets.resolve(auth.secret);
    const request = buildClientCredentialsRequest(
      auth.tokenUrl,
      field(secret, 'clientId', auth.secret),
      field(secret, 'clientSecret', auth.secret),
      auth.scope,
      deps.timeoutMs,
    );
    const response = await deps.send(signal ? { ...request, signal } : request);
    if (response.status < 200 || response.status > 299) {
      throw new AuthenticationError(`Token endpoint ${auth.tokenUrl} answered ${response.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw new AuthenticationError(`Token endpoint ${auth.tokenUrl} did not answer JSON`);
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success)
      throw new AuthenticationError(`Token endpoint ${auth.tokenUrl} sent no access_token`);
    const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
    return { value: parsed.data.access_token, expiresAt: deps.clock.now() + lifetimeMs };
  };
  return {
    headers: async (signal) => {
      if (!token || deps.clock.now() >= token.expiresAt - earlyRefreshMs) token = await fetchToken(signal);
      return { authorization: `Bearer ${token.value}` };
    },
    invalidate: () => {
      token = undefined;
    },
  };
};
