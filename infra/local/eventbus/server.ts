import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeadLetterStore } from '../dead-letters.ts';
import type { AdminPostRoutes } from './admin/admin-routes.ts';
import { AwsJsonError } from './api/aws-json-error.ts';
import type { Operation } from './api/operations.ts';
import type { ReceivedRequest } from './api/verify-sigv4.ts';
import type { RedriveOutcome } from './delivery/redrive.ts';
import type { BusLogger } from './logger.ts';

/** Largest request body read; PutEvents allows 256 KB of entries, JSON framing adds a little. */
const MAX_BODY_BYTES = 1024 * 1024;
const TARGET_PREFIX = 'AWSEvents.';
const AMZ_JSON = 'application/x-amz-json-1.1';
const REDRIVE_PATH = /^\/_hub360\/dead-letters\/([^/]+)\/redrive$/;

export interface BusRequestHandlerOptions {
  readonly operations: Readonly<Record<string, Operation>>;
  readonly deadLetters: DeadLetterStore;
  /** Resubmits a dead letter; undefined when there is none with the id. */
  readonly redrive: (id: string) => Promise<RedriveOutcome | undefined>;
  readonly describe: () => Record<string, unknown>;
  readonly logger: BusLogger;
  /** Operator actions POSTed under `/_hub360/` (backtest, replay, redrive). */
  readonly adminPost?: AdminPostRoutes;
  /** Checks the caller's SigV4 signature before any operation runs; throws AwsJsonError to refuse. */
  readonly verifyRequest?: (request: ReceivedRequest) => Promise<void>;
}

const sendJson = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
};

/** AWS JSON 1.1 error: `__type` in the body and the header the SDK also reads. */
const sendAwsError = (res: ServerResponse, error: AwsJsonError) => {
  res.setHeader('x-amzn-errortype', error.type);
  sendJson(res, error.statusCode, { __type: error.type, message: error.message }, AMZ_JSON);
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new AwsJsonError(
        'ValidationException',
        `Request body is larger than ${MAX_BODY_BYTES} bytes.`,
        413,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

const parseRequestJson = (body: string): unknown => {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new AwsJsonError('SerializationException', 'Request body is not valid JSON.');
  }
};

/** The bus's HTTP handler: the EventBridge JSON protocol on `POST /`, admin routes under `/_hub360/`. */
export const createBusRequestHandler = (options: BusRequestHandlerOptions) => {
  const answerAws = async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const operation = Object.hasOwn(options.operations, name) ? options.operations[name] : undefined;
    if (!operation) {
      throw new AwsJsonError(
        'UnknownOperationException',
        `Operation "${target || '(no X-Amz-Target header)'}" is not supported by the local event bus.`,
      );
    }
    const body = await readBody(req);
    await options.verifyRequest?.({ method: 'POST', path: req.url ?? '/', headers: req.headers, body });
    const input = parseRequestJson(body.toString('utf8'));
    sendJson(res, 200, operation(input), AMZ_JSON);
  };

  /**
   * Admin routes list dead letters, replay archived events and redrive them to targets, so they take the
   * same SigV4 signature PutEvents does; a refusal is 403 with what was wrong. Health stays open (liveness).
   */
  const verifyAdmin = async (req: IncomingMessage, body: Buffer): Promise<string | undefined> => {
    if (!options.verifyRequest) return undefined;
    try {
      await options.verifyRequest({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
      });
      return undefined;
    } catch (err: unknown) {
      if (!(err instanceof AwsJsonError)) throw err;
      return `Admin routes of the local event bus need a SigV4 signature (service "events") with the hub's local credentials: ${err.type}: ${err.message}`;
    }
  };

  const answerAdminGet = (url: URL, res: ServerResponse) => {
    if (url.pathname === '/_hub360/dead-letters') {
      const origin = url.searchParams.get('origin') ?? undefined;
      sendJson(res, 200, { deadLetters: options.deadLetters.list(origin === undefined ? {} : { origin }) });
    } else {
      sendJson(res, 404, { message: `No route ${url.pathname}` });
    }
  };

  const answerAdminPost = async (raw: Buffer, url: URL, res: ServerResponse) => {
    let body: unknown;
    try {
      body = parseRequestJson(raw.toString('utf8'));
    } catch (err: unknown) {
      if (!(err instanceof AwsJsonError)) throw err;
      return sendJson(res, err.statusCode, { message: err.message });
    }
    const answer = await options.adminPost?.(url.pathname, body);
    if (answer) sendJson(res, answer.status, answer.body);
    else sendJson(res, 404, { message: `No route POST ${url.pathname}` });
  };

  const answerRedrive = async (id: string, res: ServerResponse) => {
    try {
      const outcome = await options.redrive(decodeURIComponent(id));
      if (outcome) sendJson(res, 200, outcome);
      else sendJson(res, 404, { message: `No dead letter has the id ${id}` });
    } catch (err: unknown) {
      sendJson(res, 409, { message: err instanceof Error ? err.message : String(err) });
    }
  };

  /** Everything under `/_hub360/`: health is open, the rest is verified first. */
  const answerAdminRoute = async (req: IncomingMessage, url: URL, res: ServerResponse) => {
    if (req.method === 'GET' && url.pathname === '/_hub360/health') {
      return sendJson(res, 200, { status: 'ok', ...options.describe() });
    }
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err: unknown) {
      if (!(err instanceof AwsJsonError)) throw err;
      return sendJson(res, err.statusCode, { message: err.message });
    }
    const refused = await verifyAdmin(req, raw);
    if (refused !== undefined) return sendJson(res, 403, { message: refused });
    const redrive = REDRIVE_PATH.exec(url.pathname);
    if (req.method === 'POST' && redrive?.[1]) return answerRedrive(redrive[1], res);
    if (req.method === 'GET') return answerAdminGet(url, res);
    if (req.method === 'POST') return answerAdminPost(raw, url, res);
    sendJson(res, 404, { message: `No route ${req.method} ${url.pathname}` });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/') await answerAws(req, res);
      else if (url.pathname.startsWith('/_hub360/')) await answerAdminRoute(req, url, res);
      else sendJson(res, 404, { message: `No route ${req.method} ${url.pathname}` });
    } catch (err: unknown) {
      if (err instanceof AwsJsonError) return sendAwsError(res, err);
      options.logger.error('event bus request failed', {
        error: err instanceof Error ? err.stack : String(err),
      });
      sendAwsError(res, new AwsJsonError('InternalException', 'Internal error in the local event bus.', 500));
    }
  };
};
