import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ApiOperation } from '../../../schemas/api/operation.ts';
import { routeKeyOf } from '../../../schemas/api/operation.ts';
import { logger } from './logger.ts';
import { parseRequest } from './parse-request.ts';
import { problemDetails } from './problem-middleware.ts';

/** The validated request of an operation: its path parameters, query, headers and body. */
export type RequestOf<O extends { request: z.ZodObject }> = z.output<O['request']>;

/** One route: the operation contract it serves and what to do with a valid request. */
export interface ApiRoute {
  readonly routeKey: string;
  handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2>;
}

/** Binds an operation's contract to the code that serves it; the request is validated before `serve` runs. */
export const route = <O extends ApiOperation & { request: z.ZodObject }>(
  operation: O,
  serve: (request: RequestOf<O>, event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>,
): ApiRoute => ({
  routeKey: routeKeyOf(operation),
  handle: (event) => serve(parseRequest<O['request']>(operation.request, event), event),
});

/** Raised when API Gateway hands a function a route it was not built for: a topology mistake, not a client's. */
class UnroutedRequestError extends Error {
  override readonly name = 'UnroutedRequestError';
}

/**
 * A Lambda handler serving a few routes of one function: Powertools logging, dispatch on API Gateway's
 * `routeKey`, and problem details for every error.
 */
export const apiHandler = (routes: readonly ApiRoute[]) => {
  const byKey = new Map(routes.map((r) => [r.routeKey, r]));
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger))
    .use(problemDetails())
    .handler(async (event) => {
      const match = byKey.get(event.routeKey);
      if (!match) throw new UnroutedRequestError(`This function does not serve ${event.routeKey}`);
      return match.handle(event);
    });
};
