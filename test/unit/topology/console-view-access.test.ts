import { describe, expect, it } from 'vitest';
import { mayCall, mayOpen, OPERATION_SCOPES, scopesOpening } from '../../../console/src/auth/view-access.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { apiOperations } from '../../../schemas/api/operations/index.ts';

/** The scopes the hub's route for an operation accepts, found by the operation's method and path. */
const routeScopesOf = (operationId: string): readonly string[] | undefined => {
  const operation = apiOperations.find((o) => o.operationId === operationId);
  return hubTopology.routes.find((r) => r.method === operation?.method && r.path === operation?.path)?.scopes;
};

describe('console view access', () => {
  it('knows for every operation it calls exactly the scopes the API route accepts', () => {
    const console = Object.entries(OPERATION_SCOPES).map(([id, scopes]) => [id, [...scopes].sort()]);
    const api = Object.keys(OPERATION_SCOPES).map((id) => [
      id,
      [...(routeScopesOf(id) ?? ['(no route)'])].sort(),
    ]);

    expect(console).toEqual(api);
  });

  it('opens the business views to a business-only token and nothing else', () => {
    const manager = new Set(['business:read']);

    expect(mayOpen('business', manager)).toBe(true);
    expect(mayOpen('agent', manager)).toBe(false);
    expect(mayOpen('operator', manager)).toBe(false);
  });

  it('opens the business views to a customer reader too, as the API does', () => {
    expect(mayOpen('business', new Set(['customers:read']))).toBe(true);
  });

  it('reads a scope behind the identity provider prefix (Cognito resource server)', () => {
    expect(mayCall('listConnectors', new Set(['hub360/connectors:read']))).toBe(true);
    expect(mayCall('listConnectors', new Set(['hub360/connectors:readx']))).toBe(false);
  });

  it('names the alternatives that open a view', () => {
    expect(scopesOpening('business')).toEqual(['customers:read', 'business:read']);
    expect(scopesOpening('operator')).toEqual(['connectors:read']);
  });
});
