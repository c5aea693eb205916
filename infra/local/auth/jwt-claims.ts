import type { JWTPayload } from 'jose';

/** Claim values as API Gateway hands them to a function: scalars and string lists. */
export type ClaimValue = string | number | boolean | string[];

/**
 * The token's scopes, read the way the HTTP API JWT authorizer reads them: a space-separated `scope`
 * claim (RFC 8693 / OAuth 2.0) or an `scp` claim holding a list or a space-separated string.
 */
export const scopesFromClaims = (payload: JWTPayload): string[] => {
  const scopes = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') {
      for (const scope of value.split(' ')) if (scope) scopes.add(scope);
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item) scopes.add(item);
    }
  };
  add(payload.scope);
  add(payload.scp);
  return [...scopes];
};

/** Flattens a verified payload into claim values; nested objects become JSON text, as API Gateway does. */
export const flattenClaims = (payload: JWTPayload): Record<string, ClaimValue> => {
  const claims: Record<string, ClaimValue> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      claims[name] = value;
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      claims[name] = value;
    } else if (value !== undefined && value !== null) {
      claims[name] = JSON.stringify(value);
    }
  }
  return claims;
};
