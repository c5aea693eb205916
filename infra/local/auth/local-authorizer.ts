import { type CryptoKey, errors, type JWSHeaderParameters, type JWTPayload, jwtVerify } from 'jose';
import { type ClaimValue, flattenClaims, scopesFromClaims } from './jwt-claims.ts';

/** What the local gateway learns from the authorizer: the request goes on with these claims, or it stops. */
export type AuthorizationResult =
  | { ok: true; claims: Record<string, ClaimValue>; scopes: string[] }
  | { ok: false; status: 401 | 403; message: string };

/** The local stand-in for API Gateway's JWT authorizer, called by the gateway for every route with scopes. */
export interface LocalAuthorizer {
  authorize(
    authorizationHeader: string | undefined,
    requiredScopes: readonly string[],
  ): Promise<AuthorizationResult>;
}

export interface JwtAuthorizerOptions {
  /** The public key that verifies the issuer's signatures. */
  readonly verificationKey: CryptoKey;
  /** The key's id: like API Gateway (which picks the key from the issuer's JWKS by `kid`), a token naming
   *  another or no `kid` is refused even when its signature would verify. */
  readonly keyId: string;
  readonly algorithm: string;
  readonly issuer: string;
  readonly audience: string;
  /** Clock, for tests. @default () => new Date() */
  readonly now?: () => Date;
}

const unauthorized = (message: string): AuthorizationResult => ({ ok: false, status: 401, message });

// API Gateway accepts the token with or without the `Bearer` prefix in the identity source.
const tokenFrom = (header: string | undefined): string | undefined => {
  const value = header?.trim();
  if (!value) return undefined;
  const match = /^bearer\s+(.+)$/i.exec(value);
  return (match?.[1] ?? value).trim();
};

const describeRejection = (err: unknown): string => {
  if (err instanceof errors.JWTExpired) return 'Unauthorized: the token has expired';
  if (err instanceof errors.JWKSNoMatchingKey)
    return 'Unauthorized: the token names no key of the issuer (kid)';
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return 'Unauthorized: the token signature is invalid';
  if (err instanceof errors.JWTClaimValidationFailed)
    return `Unauthorized: the token's ${err.claim} claim is not accepted`;
  if (err instanceof errors.JOSEError) return 'Unauthorized: the token is malformed';
  throw err;
};

/**
 * Verifies bearer tokens with the semantics of the HTTP API JWT authorizer: no token, a garbled or
 * tampered token, a wrong issuer or audience, or an expired token is a 401; a valid token that holds
 * none of the route's scopes is a 403. An empty scope list only needs a valid token.
 */
export const createJwtAuthorizer = (options: JwtAuthorizerOptions): LocalAuthorizer => ({
  async authorize(authorizationHeader, requiredScopes) {
    const token = tokenFrom(authorizationHeader);
    if (!token) return unauthorized('Unauthorized: no bearer token in the Authorization header');
    let payload: JWTPayload;
    try {
      const keyForToken = (header: JWSHeaderParameters) => {
        if (header.kid !== options.keyId) throw new errors.JWKSNoMatchingKey();
        return options.verificationKey;
      };
      ({ payload } = await jwtVerify(token, keyForToken, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [options.algorithm],
        requiredClaims: ['exp'],
        ...(options.now ? { currentDate: options.now() } : {}),
      }));
    } catch (err: unknown) {
      return unauthorized(describeRejection(err));
    }
    const scopes = scopesFromClaims(payload);
    if (requiredScopes.length > 0 && !requiredScopes.some((scope) => scopes.includes(scope))) {
      return {
        ok: false,
        status: 403,
        message: `Forbidden: needs one of the scopes ${requiredScopes.join(', ')}`,
      };
    }
    return { ok: true, claims: flattenClaims(payload), scopes };
  },
});
