import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeScopes } from '../../topology/route-scopes.ts';
import type { RouteSpec } from '../../topology/schema.ts';
import { reservePort } from '../ports.ts';
import { type CorsConfig, preflightHeaders, responseCorsHeaders } from './cors.ts';
import {
  fromLambdaResult,
  gatewayMessage,
  type IncomingRequest,
  type JwtContext,
  type OutgoingResponse,
  toApiGatewayEventV2,
} from './payload-v2.ts';
import { createRouteTable } from './route-table.ts';

/** The gateway's view of a JWT authorizer (implemented by `infra/local/auth`). */
export interface GatewayAuthorizer {
  authorize(
    authorizationHeader: string | undefined,
    requiredScopes: readonly string[],
  ): Promise<{ ok: true; claims: JwtContext['claims']; scopes: string[] } | { ok: false; status: 401 | 403 }>;
}

export interface HttpGatewayOptions {
  readonly routes: readonly RouteSpec[];
  /** Invokes a function synchronously (RequestResponse) and returns its result or rejects with its error. */
  readonly invoke: (functionName: string, event: unknown) => Promise<unknown>;
  /** Routes with scopes need it; without one, such routes answer 401 as an HTTP API with no valid token would. */
  readonly authorizer?: GatewayAuthorizer;
  readonly cors?: CorsConfig;
  /** Put before each route scope, as the AWS stage's `scopePrefix` does (e.g. `hub360/`). @default '' */
  readonly scopePrefix?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Setting named in the port-in-use message. @default 'HUB360_API_PORT' */
  readonly portSetting?: string;
  readonly onError?: (err: unknown, routeKey: string) => void;
  /** A site served beside the API under a path prefix (the local console); API Gateway itself has none. */
  readonly site?: {
    readonly prefix: string;
    handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  };
}

export interface RunningHttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** HTTP API's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const headerPairs = (req: IncomingMessage): Array<[string, string]> => {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    pairs.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  }
  return pairs;
};

const send = (res: ServerResponse, response: OutgoingResponse, extraHeaders: Record<string, string>) => {
  const headers: Record<string, string | string[]> = { ...response.headers, ...extraHeaders };
  if (response.cookies.length > 0) headers['set-cookie'] = response.cookies;
  headers['content-length'] = String(response.body.length);
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
};

/**
 * A local stand-in for an API Gateway HTTP API: routes from the topology, JWT authorization with route
 * scopes, payload format 2.0 in and out, CORS handled by the gateway.
 */
export const startHttpGateway = async (options: HttpGatewayOptions): Promise<RunningHttpGateway> => {
  const host = options.host ?? '127.0.0.1';
  const port = await reservePort(options.port ?? 0, options.portSetting ?? 'HUB360_API_PORT', host);
  const table = createRouteTable(options.routes);

  const handle = async (
    req: IncomingMessage,
  ): Promise<{ response: OutgoingResponse; cors: Record<string, string> }> => {
    const origin = req.headers.origin;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    if (method === 'OPTIONS' && options.cors) {
      const preflight = preflightHeaders(options.cors, origin, req.headers['access-control-request-method']);
      if (preflight)
        return {
          response: { statusCode: 204, headers: {}, cookies: [], body: Buffer.alloc(0) },
          cors: preflight,
        };
    }
    const cors = options.cors ? responseCorsHeaders(options.cors, origin) : {};
    const body = await readBody(req);
    if (body === undefined) return { response: gatewayMessage(413, 'Request Entity Too Large'), cors };
    const match = table.lookup(method, url.pathname);
    if (!match) return { response: gatewayMessage(404, 'Not Found'), cors };

    let jwt: JwtContext | undefined;
    if (match.route.scopes.length > 0) {
      if (!options.authorizer) return { response: gatewayMessage(401, 'Unauthorized'), cors };
      const verdict = await options.authorizer.authorize(
        req.headers.authorization,
        routeScopes(match.route, options.scopePrefix),
      );
      if (!verdict.ok) {
        return {
          response: gatewayMessage(verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Forbidden'),
          cors,
        };
      }
      jwt = { claims: verdict.claims, scopes: verdict.scopes };
    }

    const incoming: IncomingRequest = {
      method,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers: headerPairs(req),
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      host: req.headers.host ?? host,
    };
    try {
      const result = await options.invoke(match.route.function, toApiGatewayEventV2(incoming, match, jwt));
      return { response: fromLambdaResult(result), cors };
    } catch (err: unknown) {
      options.onError?.(err, match.routeKey);
      return { response: gatewayMessage(500, 'Internal Server Error'), cors };
    }
  };

  const server = createServer((req, res) => {
    const { site } = options;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (site && (path === site.prefix || path.startsWith(`${site.prefix}/`))) {
      site.handle(req, res).catch((err: unknown) => {
        options.onError?.(err, `${req.method} ${path}`);
        if (!res.headersSent) send(res, gatewayMessage(500, 'Internal Server Error'), {});
      });
      return;
    }
    handle(req)
      .then(({ response, cors }) => send(res, response, cors))
      .catch((err: unknown) => {
        options.onError?.(err, `${req.method} ${req.url}`);
        send(res, gatewayMessage(500, 'Internal Server Error'), {});
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
