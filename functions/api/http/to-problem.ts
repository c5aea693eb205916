import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConnectorNotFoundError,
  CustomerErasedError,
  CustomerMergedError,
  CustomerNotFoundError,
  IdentifierNotFoundError,
  InvalidCursorError,
  InvalidRequestError,
  PartNotFoundError,
  type RequestProblem,
  UnmergeRefusedError,
} from '../../../app/api/errors.ts';
import {
  DeadLetterNotFoundError,
  DeadLetterNotRedrivableError,
  DeadLettersUnavailableError,
} from '../../../core/ports/dead-letter-queue.ts';
import type { Problem } from '../../../schemas/api/problem.ts';
import { problemResponse } from './responses.ts';

/** Problem type URIs; documented in docs/api.md. Not meant to be dereferenced (RFC 9457 §3.1.1). */
export const PROBLEM_TYPES = {
  invalidRequest: 'urn:hub360:problem:invalid-request',
  customerNotFound: 'urn:hub360:problem:customer-not-found',
  identifierNotFound: 'urn:hub360:problem:identifier-not-found',
  connectorNotFound: 'urn:hub360:problem:connector-not-found',
  partNotFound: 'urn:hub360:problem:part-not-found',
  customerMerged: 'urn:hub360:problem:customer-merged',
  customerErased: 'urn:hub360:problem:customer-erased',
  unmergeRefused: 'urn:hub360:problem:unmerge-refused',
  deadLetterNotFound: 'urn:hub360:problem:dead-letter-not-found',
  deadLetterNotRedrivable: 'urn:hub360:problem:dead-letter-not-redrivable',
  deadLettersUnavailable: 'urn:hub360:problem:dead-letters-unavailable',
  internal: 'urn:hub360:problem:internal-error',
} as const;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Where a merged-away customer now lives: the same route with the surviving id, query kept. Built from the
 * route template rather than the raw path so an id that happens to look like a path segment is never hit.
 */
export const survivorLocation = (event: APIGatewayProxyEventV2, survivorId: string): string => {
  const template = event.routeKey.split(' ')[1] ?? '/customers/{id}';
  const path = template.replace('{id}', encodeURIComponent(survivorId));
  return event.rawQueryString ? `${path}?${event.rawQueryString}` : path;
};

/**
 * A merged-away id answers a safe request with 307 and `Location` (clients may follow it; 307 rather than
 * 308 because an unmerge can bring the id back). An unsafe request (erase, unmerge) is not redirected: a
 * client following a redirect would then act on a different customer than it named, so it gets 409.
 */
const mergedResponse = (err: CustomerMergedError, event: APIGatewayProxyEventV2) => {
  const safe = SAFE_METHODS.has(event.requestContext.http.method);
  const location = survivorLocation(event, err.survivorId);
  return problemResponse(
    {
      type: PROBLEM_TYPES.customerMerged,
      title: 'Customer was merged into another customer',
      status: safe ? 307 : 409,
      detail: safe
        ? `${err.message}; its data is served under ${location}`
        : `${err.message}; send the request for ${err.survivorId} if that is what you mean`,
      instance: event.rawPath,
      survivorId: err.survivorId,
    },
    { location, 'cache-control': 'no-store' },
  );
};

const notFound = (type: string, title: string, detail: string, instance: string): Problem => ({
  type,
  title,
  status: 404,
  detail,
  instance,
});

const CURSOR_PROBLEM: RequestProblem = {
  in: 'query',
  field: 'cursor',
  detail:
    'is not a cursor this API issued for this listing; pass back the nextCursor of the previous page unchanged',
};

/**
 * The API's one mapping from errors to HTTP: client errors become RFC 9457 problems with their message;
 * anything unexpected becomes a 500 that says nothing about the internals.
 */
export const toProblemResponse = (
  err: unknown,
  event: APIGatewayProxyEventV2,
): APIGatewayProxyStructuredResultV2 => {
  const instance = event.rawPath;
  const requestProblems =
    err instanceof InvalidCursorError
      ? [CURSOR_PROBLEM]
      : err instanceof InvalidRequestError
        ? err.problems
        : undefined;
  if (requestProblems) {
    return problemResponse({
      type: PROBLEM_TYPES.invalidRequest,
      title: 'The request is not valid',
      status: 400,
      detail: requestProblems.map((p) => `${p.in} ${p.field}: ${p.detail}`).join('; '),
      instance,
      errors: [...requestProblems],
    });
  }
  if (err instanceof CustomerMergedError) return mergedResponse(err, event);
  if (err instanceof CustomerNotFoundError) {
    return problemResponse(
      notFound(PROBLEM_TYPES.customerNotFound, 'Customer not found', err.message, instance),
    );
  }
  if (err instanceof CustomerErasedError) {
    return problemResponse({
      type: PROBLEM_TYPES.customerErased,
      title: 'Customer was erased',
      status: 410,
      detail: err.message,
      instance,
    });
  }
  if (err instanceof UnmergeRefusedError) {
    return problemResponse({
      type: PROBLEM_TYPES.unmergeRefused,
      title: 'The merge cannot be undone',
      status: 409,
      detail: err.message,
      instance,
    });
  }
  if (err instanceof IdentifierNotFoundError) {
    return problemResponse(
      notFound(PROBLEM_TYPES.identifierNotFound, 'No customer with this identifier', err.message, instance),
    );
  }
  if (err instanceof ConnectorNotFoundError) {
    return problemResponse(
      notFound(PROBLEM_TYPES.connectorNotFound, 'Connector not found', err.message, instance),
    );
  }
  if (err instanceof PartNotFoundError) {
    return problemResponse(notFound(PROBLEM_TYPES.partNotFound, 'Part not found', err.message, instance));
  }
  if (err instanceof DeadLetterNotFoundError) {
    return problemResponse(
      notFound(PROBLEM_TYPES.deadLetterNotFound, 'Dead letter not found', err.message, instance),
    );
  }
  if (err instanceof DeadLetterNotRedrivableError) {
    return problemResponse({
      type: PROBLEM_TYPES.deadLetterNotRedrivable,
      title: 'The dead letter cannot be redriven',
      status: 409,
      detail: err.message,
      instance,
    });
  }
  if (err instanceof DeadLettersUnavailableError) {
    return problemResponse({
      type: PROBLEM_TYPES.deadLettersUnavailable,
      title: 'Dead letters are not available here',
      status: 503,
      detail: err.message,
      instance,
    });
  }
  return problemResponse({
    type: PROBLEM_TYPES.internal,
    title: 'Internal error',
    status: 500,
    detail: `The request could not be completed; quote request id ${event.requestContext.requestId} when reporting it`,
    instance,
  });
};
