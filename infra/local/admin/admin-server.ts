import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { z } from 'zod';
import { checkConnector } from '../../../app/connector-sync/check-connector.ts';
import type { ConnectorSyncService } from '../../../app/connector-sync/connector-sync-service.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { describeIssues } from '../../../schemas/config/parse-config.ts';
import { AwsJsonError } from '../eventbus/api/aws-json-error.ts';
import { type BusCredentials, createSigV4Verifier } from '../eventbus/api/verify-sigv4.ts';
import type { HubStoreAccess } from './hub-store-access.ts';
import {
  ADMIN_SIGNING_SERVICE,
  AdminPaths,
  CheckCommandSchema,
  type ConnectorsReport,
  type HubNames,
  QuarantineQuerySchema,
  StoreCheckCommandSchema,
  type StoreCheckMessage,
  SyncCommandSchema,
  type SyncMessage,
} from './protocol.ts';

export interface AdminServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly region: string;
  /** Only a holder of the hub's own credentials may ask it to sync (as only they may put events on its bus). */
  readonly credentials: BusCredentials;
  /** The sync service built from the hub's own connector configuration and secrets. */
  readonly service: () => ConnectorSyncService;
  readonly names: () => HubNames;
  /** The hub's store, for the CLI's read commands (connectors, quarantine, store check). */
  readonly store: () => HubStoreAccess;
  readonly log: (
    level: 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => void;
}

export interface RunningAdminServer {
  readonly url: string;
  stop(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
};

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

class BadRequest extends Error {}

const parseInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadRequest(describeIssues(parsed.error).join('; '));
  return parsed.data;
};

const parseBody = <S extends z.ZodType>(schema: S, body: Buffer): z.output<S> => {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest('the request body is not JSON');
  }
  return parseInput(schema, json);
};

/** Unknown connector or stream: an error naming the known ones, before anything runs. */
const refuseUnknown = (names: HubNames, connector: string, streams: readonly string[] = []) => {
  const known = names.connectors[connector];
  if (!known) {
    const configured = Object.keys(names.connectors);
    throw new BadRequest(
      `connector "${connector}" is not configured in this hub; configured: ${configured.join(', ') || '(none)'}`,
    );
  }
  const unknown = streams.filter((s) => !known.streams.includes(s));
  if (unknown.length > 0)
    throw new BadRequest(
      `${connector} has no stream ${unknown.map((s) => `"${s}"`).join(', ')}; streams: ${known.streams.join(', ')}`,
    );
};

/**
 * The local hub's operator routes: the CLI asks the running hub to sync or check a connector, so the run uses
 * the hub's own connector configuration and secrets (whatever `HUB_CONNECTORS` and `HUB_SECRET_*` it started
 * with). A sync answers NDJSON: one `page` line per committed page, then one `result` line.
 */
export const startAdminServer = async (options: AdminServerOptions): Promise<RunningAdminServer> => {
  const verify = createSigV4Verifier({
    credentials: options.credentials,
    region: options.region,
    service: ADMIN_SIGNING_SERVICE,
  });

  const sync = async (body: Buffer, res: ServerResponse, signal: AbortSignal) => {
    const command = parseBody(SyncCommandSchema, body);
    refuseUnknown(options.names(), command.connector, command.streams);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const send = (message: SyncMessage) => res.write(`${JSON.stringify(message)}\n`);
    try {
      const outcome = await options.service().sync(
        {
          connector: command.connector,
          full: command.full,
          ...(command.streams ? { streams: command.streams } : {}),
        },
        {
          timeBudget: unlimitedTimeBudget,
          signal,
          onPage: (p) => send({ type: 'page', ...p }),
        },
      );
      send({
        type: 'result',
        connector: outcome.connector,
        caughtUp: outcome.caughtUp,
        ...(outcome.skipped ? { skipped: outcome.skipped } : {}),
        streams: outcome.streams.map((s) => ({
          stream: s.stream,
          status: s.status,
          recordsRead: s.recordsRead,
          recordsWritten: s.recordsWritten,
          recordsQuarantined: s.recordsQuarantined,
          ...(s.recordsReleased === undefined ? {} : { recordsReleased: s.recordsReleased }),
          pages: s.pages ?? 0,
          retries: s.retries ?? 0,
          ...(s.error ? { error: s.error } : {}),
        })),
      });
    } catch (err: unknown) {
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
    res.end();
  };

  const check = async (body: Buffer, res: ServerResponse, signal: AbortSignal) => {
    const command = parseBody(CheckCommandSchema, body);
    refuseUnknown(options.names(), command.connector);
    sendJson(res, 200, await checkConnector(options.service().connector(command.connector), signal));
  };

  const connectors = async (res: ServerResponse) => {
    const names = options.names();
    const configured = Object.keys(names.connectors);
    const { state } = options.store();
    const [statuses, leases] = await Promise.all([
      state.listRunStatuses(),
      Promise.all(configured.map((name) => state.readLease(name))),
    ]);
    const report: ConnectorsReport = {
      names,
      statuses,
      leases: leases.flatMap((lease) => (lease ? [lease] : [])),
    };
    sendJson(res, 200, report);
  };

  const quarantine = async (query: URLSearchParams, res: ServerResponse) => {
    const { connector, limit } = parseInput(QuarantineQuerySchema, Object.fromEntries(query));
    const entries = await options
      .store()
      .state.listQuarantine({ limit, ...(connector ? { connector } : {}) });
    sendJson(res, 200, { entries });
  };

  const storeCheck = async (body: Buffer, res: ServerResponse) => {
    const { repair } = parseBody(StoreCheckCommandSchema, body);
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const send = (message: StoreCheckMessage) => res.write(`${JSON.stringify(message)}\n`);
    try {
      const summary = await options.store().storeCheck(repair, (p) => send({ type: 'progress', ...p }));
      send({ type: 'result', ...summary });
    } catch (err: unknown) {
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // A CLI that goes away (Ctrl-C) stops its sync at the next page, keeping what was committed.
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      await verify({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body });
      if (req.method === 'GET' && path === AdminPaths.names) return sendJson(res, 200, options.names());
      if (req.method === 'POST' && path === AdminPaths.sync) return await sync(body, res, aborted.signal);
      if (req.method === 'POST' && path === AdminPaths.check) return await check(body, res, aborted.signal);
      if (req.method === 'GET' && path === AdminPaths.connectors) return await connectors(res);
      if (req.method === 'GET' && path === AdminPaths.quarantine)
        return await quarantine(url.searchParams, res);
      if (req.method === 'POST' && path === AdminPaths.storeCheck) return await storeCheck(body, res);
      sendJson(res, 404, { message: `No admin route ${req.method} ${path}` });
    } catch (err: unknown) {
      if (res.headersSent) return void res.end();
      if (err instanceof AwsJsonError) return sendJson(res, err.statusCode, { message: err.message });
      if (err instanceof BadRequest) return sendJson(res, 400, { message: err.message });
      options.log('error', 'admin request failed', { error: err instanceof Error ? err.stack : String(err) });
      sendJson(res, 500, { message: err instanceof Error ? err.message : String(err) });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${bound}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
