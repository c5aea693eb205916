/** What the console reads from an access token: who, which scopes, until when. It never verifies it (the API does). */
export interface TokenClaims {
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const decodeSegment = (segment: string): unknown => {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
};

/** Scopes as API Gateway's JWT authorizer reads them: `scope` (space-separated) or `scp` (list or string). */
export const readTokenClaims = (token: string): TokenClaims => {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('the access token is not a JWT');
  const claims = decodeSegment(payload) as Record<string, unknown>;
  const scopes = new Set<string>();
  for (const value of [claims.scope, claims.scp]) {
    if (typeof value === 'string') for (const s of value.split(' ')) if (s) scopes.add(s);
    if (Array.isArray(value)) for (const s of value) if (typeof s === 'string') scopes.add(s);
  }
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    scopes,
    expiresAt: typeof claims.exp === 'number' ? claims.exp : 0,
  };
};
