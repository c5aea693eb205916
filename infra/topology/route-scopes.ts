import type { RouteSpec } from './schema.ts';

/**
 * The scopes a route requires as the identity provider spells them: the topology's bare scope behind the
 * deployment's prefix (Cognito: `<resource-server>/customers:read`). Both the AWS authorizer and the local
 * one read scopes through here, so one prefix setting means the same thing in both runtimes.
 */
export const routeScopes = (route: Pick<RouteSpec, 'scopes'>, scopePrefix = ''): string[] =>
  route.scopes.map((scope) => `${scopePrefix}${scope}`);
