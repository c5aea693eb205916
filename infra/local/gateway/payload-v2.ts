import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteMatch } from './route-table.ts';

/** What the gateway read off the wire, before it becomes an API Gateway event. */
export interface IncomingRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Header names as received; repeated headers keep every value. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly host: string;
}

export interface JwtContext {
  readonly claims: Record<string, string | number | boolean | string[]>;
  readonly scopes: string[];
}

const TEXTUAL = /^(text\/|application\/(json|.*\+json|xml|.*\+xml|x-www-form-urlencoded|javascript))/i;

/** Joins repeated values with commas, as payload format 2.0 does for headers and query strings. */
const joinRepeated = (pairs: Iterable<readonly [string, string]>, lowerCaseNames: boolean) => {
  const joined: Record<string, string> = {};
  for (const [rawName, value] of pairs) {
    const name = lowerCaseNames ? rawName.toLowerCase() : rawName;
    joined[name] = name in joined ? `${joined[name]},${value}` : value;
  }
  return joined;
};

/** Builds an API Gateway HTTP API payload format 2.0 event, the shape a Lambda behind an HTTP API receives. */
export const toApiGatewayEventV2 = (
  request: IncomingRequest,
  match: RouteMatch,
  jwt: JwtContext | undefined,
  now: Date = new Date(),
): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const headers = joinRepeated(
    request.headers.filter(([name]) => name.toLowerCase() !== 'cookie'),
    true,
  );
  const cookies = request.headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, value]) => value.split(';').map((c) => c.trim()))
    .filter(Boolean);
  const query = new URLSearchParams(request.rawQueryString);
  const queryStringParameters = joinRepeated(query.entries(), false);
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = request.body.length > 0 && !TEXTUAL.test(contentType);
  const requestId = randomUUID();
  const event = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: request.host,
      domainPrefix: request.host.split('.')[0] ?? request.host,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: jwt ?? { claims: {}, scopes: [] } },
    },
    ...(request.body.length > 0
      ? { body: isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8') }
      : {}),
    isBase64Encoded,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
};

export interface OutgoingResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  readonly body: Buffer;
}

const isStructuredResult = (value: unknown): value is APIGatewayProxyStructuredResultV2 =>
  typeof value === 'object' && value !== null && 'statusCode' in value;

/**
 * Maps a Lambda result back to HTTP the way payload format 2.0 does: a result with `statusCode` is used as
 * given; anything else is taken as a 200 JSON body.
 */
export const fromLambdaResult = (result: unknown): OutgoingResponse => {
  if (!isStructuredResult(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body),
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const text = result.body ?? '';
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    cookies: result.cookies ?? [],
    body: result.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text),
  };
};

/** The bodies API Gateway itself answers with, before or instead of the integration. */
export const gatewayMessage = (statusCode: number, message: string): OutgoingResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message })),
});
