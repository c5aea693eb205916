import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A payload-format-2.0 event as API Gateway (or the local gateway) sends it, for handler unit tests. */
export const apiEvent = (
  routeKey: string,
  options: {
    path?: Record<string, string>;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    sub?: string;
  } = {},
): APIGatewayProxyEventV2 => {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const rawPath = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(options.path?.[name] ?? ''),
  );
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers: options.headers ?? {},
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.path ? { pathParameters: options.path } : {}),
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '23/Nov/2026:09:00:00 +0000',
      timeEpoch: 0,
      ...(options.sub ? { authorizer: { jwt: { claims: { sub: options.sub }, scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2;
};

/** A minimal Lambda context for invoking a middy handler directly. */
export const lambdaContext = {
  functionName: 'api-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:api-test',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/api-test',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;
