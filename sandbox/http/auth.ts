import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { BasicCredentials } from '../endpoints.ts';

/** Decides whether a request's `Authorization` header is acceptable. */
export type Authenticator = (headers: IncomingHttpHeaders) => boolean;

const sameText = (left: string, right: string): boolean => {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Parses `Basic base64(user:password)`; undefined when the header is absent or not basic. */
export const parseBasicAuthorization = (
  header: string | undefined,
): { user: string; password: string } | undefined => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/** Accepts exactly the configured basic credentials. */
export const basicAuthenticator =
  (credentials: BasicCredentials): Authenticator =>
  (headers) => {
    const given = parseBasicAuthorization(headers.authorization);
    return (
      given !== undefined &&
      sameText(given.user, credentials.username) &&
      sameText(given.password, credentials.password)
    );
  };

/** A registered OAuth2 client of the sandbox token endpoint. */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The system its tokens are good for (`businessCentral`, `windchill`). */
  readonly audience: string;
  readonly scope: string;
}

/** Why a token request was refused, in OAuth2 error terms. */
export type TokenRefusal = 'invalid_client' | 'invalid_scope';

/**
 * Issues opaque bearer tokens for the client-credentials grant and checks them on the resource servers.
 * Expiry uses the wall clock so a connector's token refresh can be exercised with a short lifetime.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, { audience: string; expiresAt: number }>();

  constructor(
    private readonly clients: readonly OAuthClient[],
    private readonly lifetimeSeconds: number,
  ) {}

  /** Issues a token, or says why not. */
  issue(
    clientId: string,
    clientSecret: string,
    scope: string | undefined,
  ): { token: string; expiresIn: number } | { refused: TokenRefusal } {
    const client = this.clients.find((candidate) => candidate.clientId === clientId);
    if (!client || !sameText(client.clientSecret, clientSecret)) return { refused: 'invalid_client' };
    if (scope !== undefined && scope !== '' && !scope.split(' ').includes(client.scope)) {
      return { refused: 'invalid_scope' };
    }
    const token = `sbx_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, {
      audience: client.audience,
      expiresAt: Date.now() + this.lifetimeSeconds * 1000,
    });
    return { token, expiresIn: this.lifetimeSeconds };
  }

  /** Accepts unexpired bearer tokens issued for `audience`. */
  authenticatorFor(audience: string): Authenticator {
    return (headers) => {
      const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
      const grant = match?.[1] ? this.tokens.get(match[1]) : undefined;
      return grant !== undefined && grant.audience === audience && grant.expiresAt > Date.now();
    };
  }

  /** Invalidates every issued token (to make a connector go through re-authentication). */
  revokeAll(): void {
    this.tokens.clear();
  }
}

/** Accepts a static bearer token. */
export const staticBearerAuthenticator =
  (token: string): Authenticator =>
  (headers) => {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    return match?.[1] !== undefined && sameText(match[1], token);
  };
