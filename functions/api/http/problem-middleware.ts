import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { logger } from './logger.ts';
import { toProblemResponse } from './to-problem.ts';

/** The one place errors become HTTP responses; 5xx are logged with their cause, 4xx are the client's business. */
export const problemDetails = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> => ({
  onError: (request) => {
    const response = toProblemResponse(request.error, request.event);
    if (response.statusCode !== undefined && response.statusCode >= 500) {
      logger.error('Request failed', { routeKey: request.event.routeKey, error: request.error });
    }
    request.response = response;
  },
});
