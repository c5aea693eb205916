import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PROBLEM_MEDIA_TYPE, type Problem } from '../../../schemas/api/problem.ts';

/** A JSON response with the given status and extra headers. */
export const jsonResponse = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** An RFC 9457 problem response. */
export const problemResponse = (
  problem: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...headers },
  body: JSON.stringify(problem),
});

/** 304: the client's copy is current; no body, but the validator is repeated (RFC 9110 §15.4.5). */
export const notModifiedResponse = (etag: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 304,
  headers: { etag },
});

/** 204: done, nothing to say. */
export const noContentResponse = (): APIGatewayProxyStructuredResultV2 => ({ statusCode: 204 });
