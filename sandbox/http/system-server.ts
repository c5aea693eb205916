import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import type { FaultController, FaultPlan } from '../faults/fault-controller.ts';
import { ODataRequestError } from '../odata/odata-error.ts';
import type { Json } from '../odata/v2-format.ts';
import type { Authenticator } from './auth.ts';
import type { LoggedSystem, RequestLog } from './request-log.ts';

/** A request as a sandbox system handler sees it. */
export interface SystemRequest {
  readonly method: string;
  /** The full request URL (host from the server's own address), for building next links. */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Set when an `invalidRecord` fault fires: the handler corrupts one record of the page this way. */
  readonly invalidRecord?: FaultPlan['invalidRecord'];
}

/** What a handler answers. */
export interface SystemResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: Json;
  /** A plain-text body (OData `$count`) instead of JSON. */
  readonly text?: string;
}

/** Options for one sandbox system's HTTP server. */
export interface SystemServerOptions {
  readonly system: LoggedSystem;
  readonly host: string;
  readonly port: number;
  readonly log: RequestLog;
  readonly faults?: FaultController;
  readonly authenticate?: Authenticator;
  /** `WWW-Authenticate` challenge sent with a 401. */
  readonly challenge?: string;
  /** The protocol's error body (OData v2, v4, Oracle REST…). */
  readonly errorBody: (status: number, code: string, message: string) => Json;
  /** When set, more requests than this within one second get a 429 like the real service's throttling. */
  readonly rateLimitPerSecond?: number;
  readonly handle: (request: SystemRequest) => Promise<SystemResponse> | SystemResponse;
}

/** A started sandbox server. */
export interface RunningServer {
  /** `http://host:port` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Waits on the global timer (not `node:timers/promises`), so a test's fake timers decide when a slow answer goes. */
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
};

const send = (
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
};

const adminRoute = (
  options: SystemServerOptions,
  method: string,
  path: string,
  body: string,
): SystemResponse => {
  if (path === '/_sandbox/faults') {
    if (!options.faults) return { status: 404, json: { error: 'this system has no fault injection' } };
    if (method === 'GET') {
      return { status: 200, json: { pending: options.faults.pending().map((fault) => ({ ...fault.spec })) } };
    }
    if (method === 'DELETE') {
      options.faults.clear();
      return { status: 204 };
    }
    if (method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return { status: 400, json: { error: 'body must be a JSON fault spec or an array of them' } };
      }
      const specs: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
      try {
        // Validate all first so a bad batch arms nothing.
        const touched = specs.map((spec) => options.faults?.injectUnvalidated(spec) ?? []);
        return { status: 201, json: { armed: specs.length, touchedKeys: touched.flat() } };
      } catch (err: unknown) {
        if (err instanceof ConfigError) return { status: 400, json: { error: err.message } };
        throw err;
      }
    }
  }
  if (path === '/_sandbox/requests' && method === 'GET') {
    return {
      status: 200,
      json: {
        count: options.log.count(options.system),
        maxPerSecond: options.log.maxInWindow(options.system),
      },
    };
  }
  return { status: 404, json: { error: `no sandbox admin route ${method} ${path}` } };
};

const corruptJson = (body: string): string => body.slice(0, Math.max(1, Math.floor(body.length / 2)));

/**
 * Starts one sandbox system on node:http: admin routes under `/_sandbox/`, request logging, optional
 * throttling, authentication, fault injection, and protocol-shaped errors around the system's handler.
 */
export const startSystemServer = async (options: SystemServerOptions): Promise<RunningServer> => {
  let origin = '';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const method = request.method ?? 'GET';
      const url = new URL(request.url ?? '/', origin);
      // Admin routes answer below any prefix, so `<endpoint>/_sandbox/faults` works for every base URL.
      const adminAt = url.pathname.indexOf('/_sandbox/');
      if (adminAt >= 0) {
        const answer = adminRoute(options, method, url.pathname.slice(adminAt), body);
        send(response, answer.status, answer.json === undefined ? '' : JSON.stringify(answer.json));
        return;
      }
      const entry = options.log.record({
        system: options.system,
        method,
        path: url.pathname,
        query: url.search,
        at: Date.now(),
        status: 0,
      });
      const reply = (
        status: number,
        json: Json | undefined,
        headers: Record<string, string> = {},
        mangle = false,
      ) => {
        entry.status = status;
        const text = json === undefined ? '' : JSON.stringify(json);
        send(response, status, mangle ? corruptJson(text) : text, headers);
      };
      const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
        reply(status, options.errorBody(status, code, message), headers);

      if (
        options.rateLimitPerSecond !== undefined &&
        options.log.countSince(options.system, entry.at, 1000) > options.rateLimitPerSecond
      ) {
        fail(429, 'TooManyRequests', 'Rate limit exceeded; retry later', { 'retry-after': '1' });
        return;
      }
      if (options.authenticate && !options.authenticate(request.headers)) {
        fail(401, 'Unauthorized', 'The request is not authenticated', {
          'www-authenticate': options.challenge ?? 'Basic realm="sandbox"',
        });
        return;
      }
      const plan = options.faults?.planFor(`${url.pathname}${url.search}`) ?? {
        delayMs: 0,
        malformedJson: false,
      };
      if (plan.delayMs > 0) await sleep(plan.delayMs);
      if (plan.terminal?.kind === 'connectionReset') {
        entry.status = -1;
        request.socket.destroy();
        return;
      }
      if (plan.terminal?.kind === 'rateLimit') {
        fail(429, 'TooManyRequests', 'Too many requests (injected fault)', {
          'retry-after': String(plan.terminal.retryAfterSeconds),
        });
        return;
      }
      if (plan.terminal?.kind === 'serverError') {
        fail(plan.terminal.status, 'ServiceUnavailable', 'Internal error (injected fault)');
        return;
      }
      try {
        const answer = await options.handle({
          method,
          url,
          headers: request.headers,
          body,
          ...(plan.invalidRecord ? { invalidRecord: plan.invalidRecord } : {}),
        });
        if (answer.text !== undefined) {
          entry.status = answer.status;
          send(response, answer.status, answer.text, {
            'content-type': 'text/plain; charset=utf-8',
            ...answer.headers,
          });
        } else {
          reply(answer.status, answer.json, { ...answer.headers }, plan.malformedJson);
        }
      } catch (err: unknown) {
        if (err instanceof ODataRequestError) fail(err.status, err.code, err.message);
        else if (err instanceof ConfigError) fail(400, 'BadRequest', err.message);
        else fail(500, 'InternalError', err instanceof Error ? err.message : 'unexpected sandbox error');
      }
    })().catch(() => {
      if (!response.headersSent) send(response, 500, '{"error":"sandbox failure"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox server has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
