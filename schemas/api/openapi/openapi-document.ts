import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { ApiOperation, OperationResponse } from '../operation.ts';
import { routeKeyOf } from '../operation.ts';
import { apiOperations } from '../operations/index.ts';
import { problem } from '../operations/responses.ts';

/** What the document needs to know about a deployed route: the topology's method, path and scopes. */
export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly scopes: readonly string[];
}

const BEARER = 'bearerAuth';

/** The body API Gateway's authorizer (and the local gateway) answers 401 and 403 with. */
const GatewayMessageSchema = z
  .object({ message: z.enum(['Unauthorized', 'Forbidden']) })
  .meta({ id: 'GatewayMessage' });

/** Responses every operation can give, before or besides its own. */
const commonResponses = (scopes: readonly string[]): Record<number, OperationResponse> => {
  const responses: Record<number, OperationResponse> = {
    400: problem('The request is not valid; `errors` lists each problem.'),
    500: problem('Something went wrong on our side; `detail` has a request id to quote.'),
  };
  if (scopes.length > 0) {
    // Answered by the gateway's JWT authorizer, with API Gateway's own `{"message": ...}` body.
    responses[401] = {
      description: 'No token, or one that is malformed, tampered with, expired or not issued for this API.',
      body: GatewayMessageSchema,
    };
    responses[403] = {
      description: `The token holds none of the scopes ${scopes.join(', ')}.`,
      body: GatewayMessageSchema,
    };
  }
  return responses;
};

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

const toResponseConfig = (response: OperationResponse): ResponseConfig => ({
  description: response.description,
  ...(response.headers ? { headers: response.headers } : {}),
  ...(response.body
    ? { content: { [response.mediaType ?? 'application/json']: { schema: response.body } } }
    : {}),
});

const parameters = (operation: ApiOperation, name: 'path' | 'query' | 'headers'): z.ZodObject | undefined => {
  const schema = operation.request.shape[name];
  return schema instanceof z.ZodObject ? schema : undefined;
};

const bodyOf = (operation: ApiOperation): z.ZodType | undefined => {
  const schema = operation.request.shape.body;
  return schema instanceof z.ZodType ? schema : undefined;
};

const registerOperation = (registry: OpenAPIRegistry, operation: ApiOperation, scopes: readonly string[]) => {
  const params = parameters(operation, 'path');
  const query = parameters(operation, 'query');
  const headers = parameters(operation, 'headers');
  const body = bodyOf(operation);
  const responses = { ...commonResponses(scopes), ...operation.responses };
  registry.registerPath({
    method: METHODS[operation.method],
    path: operation.path,
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [...operation.tags],
    // Alternatives, not all at once: a route's scopes each let the token in (API Gateway's JWT authorizer).
    security: scopes.map((scope) => ({ [BEARER]: [scope] })),
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(headers ? { headers } : {}),
      ...(body ? { body: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    },
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [status, toResponseConfig(response)]),
    ),
  });
};

/**
 * Generates the OpenAPI 3.1 document of the query API from the operations' zod schemas, with the scopes
 * of the deployed routes. Every route needs an operation and every operation a route, so the document
 * can never describe an API other than the one that is deployed.
 */
export const buildOpenApiDocument = (routes: readonly DocumentedRoute[], version: string) => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A JWT from the OIDC issuer the deployment trusts (locally: `npx hub360 token --scopes ...`). Scopes ' +
      'travel in the `scope` claim (space-separated) or `scp`; each operation lists the scopes any one of ' +
      'which allows it.',
  });
  const byKey = new Map(apiOperations.map((operation) => [routeKeyOf(operation), operation]));
  const routeKeys = new Set(routes.map(routeKeyOf));
  const undocumented = [...routeKeys].filter((key) => !byKey.has(key));
  const unrouted = [...byKey.keys()].filter((key) => !routeKeys.has(key));
  if (undocumented.length > 0 || unrouted.length > 0) {
    throw new Error(
      `API routes and operations disagree: routes without an operation [${undocumented.join(', ')}], ` +
        `operations without a route [${unrouted.join(', ')}]`,
    );
  }
  for (const route of routes) {
    const operation = byKey.get(routeKeyOf(route));
    if (operation) registerOperation(registry, operation, route.scopes);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'hub360 query API',
      version,
      description:
        'Read the customer-360 view built from ERP, PDM, SCM and web data; explain and undo identity merges; ' +
        'erase and export customer data; watch connectors. Errors are RFC 9457 problem details.',
    },
    tags: [
      { name: 'customers', description: 'The customer-360 view, lookup and timeline.' },
      { name: 'identity', description: 'Identity resolution: evidence and unmerge.' },
      { name: 'privacy', description: 'Erasure and export (scope privacy:erase).' },
      { name: 'connectors', description: 'Connector sync status and quarantine.' },
      { name: 'demand', description: 'Production demand per part: demand, stock and the demand signal.' },
      { name: 'meta', description: 'This document.' },
    ],
  });
};
