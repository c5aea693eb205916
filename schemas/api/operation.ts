import type { z } from 'zod';

/** A response an operation documents: its description, JSON body schema and response headers. */
export interface OperationResponse {
  readonly description: string;
  readonly body?: z.ZodType;
  /** Response headers, each with its schema (e.g. `etag`, `location`). */
  readonly headers?: z.ZodObject;
  /** Defaults to `application/json`; `application/problem+json` for problem bodies. */
  readonly mediaType?: string;
}

/**
 * The contract of one API operation, declared once: the handler validates requests with it and the
 * OpenAPI document is generated from it. Route scopes live in the topology (`infra/topology/parts/api.ts`).
 */
export interface ApiOperation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway route path with `{param}` placeholders. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /**
   * The request as one object with optional `path`, `query`, `headers` and `body` parts. A route that
   * declares no `path` or `query` part accepts no such parameters; `body` is read only when declared.
   */
  readonly request: z.ZodObject;
  /** Success and operation-specific responses; the common problem responses (400, 401, 403, 500) are added for all. */
  readonly responses: Readonly<Record<number, OperationResponse>>;
}

/** `GET /customers/{id}` → `GET /customers/{id}`: the key API Gateway puts into `routeKey`. */
export const routeKeyOf = (operation: { readonly method: string; readonly path: string }): string =>
  `${operation.method} ${operation.path}`;
