import type { BasicCredentials } from '../../endpoints.ts';
import type { FaultController } from '../../faults/fault-controller.ts';
import { basicAuthenticator } from '../../http/auth.ts';
import type { RequestLog } from '../../http/request-log.ts';
import {
  type RunningServer,
  type SystemRequest,
  type SystemResponse,
  startSystemServer,
} from '../../http/system-server.ts';
import { corruptOneRecord } from '../../odata/corrupt-record.ts';
import type { Row } from '../../odata/entity-model.ts';
import { badQuery, ODataRequestError } from '../../odata/odata-error.ts';
import type { Json } from '../../odata/v2-format.ts';
import { ticketMeta } from './desk-model.ts';
import type { ServiceDesk } from './service-desk.ts';

/** The cursor-based incremental ticket export, as Zendesk Support serves it. */
export const TICKET_EXPORT_PATH = '/api/v2/incremental/tickets/cursor.json';

const allowedParams = new Set(['start_time', 'cursor', 'per_page', 'include', 'exclude_deleted']);

/** Options for the service desk sandbox server. */
export interface DeskServerOptions {
  readonly host: string;
  readonly port: number;
  readonly desk: ServiceDesk;
  readonly credentials: BasicCredentials;
  readonly faults: FaultController;
  readonly log: RequestLog;
  /** Most tickets per page (Zendesk's is 1000). */
  readonly maxPageSize: number;
  readonly rateLimitPerSecond?: number;
}

/** Zendesk writes times without milliseconds: `2026-11-30T08:00:00Z`. */
const zendeskTime = (value: unknown): Json =>
  value instanceof Date ? `${value.toISOString().slice(0, 19)}Z` : null;

const encodeCursor = (version: number) => Buffer.from(`v1|${version}`).toString('base64url');
const decodeCursor = (cursor: string): number => {
  const match = /^v1\|(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badQuery(`Invalid cursor '${cursor.slice(0, 40)}'`, 'InvalidPaginationParameter');
  return Number(match[1]);
};

const renderTicket = (row: Row, origin: string): { [key: string]: Json } => ({
  url: `${origin}/api/v2/tickets/${String(row.id)}.json`,
  id: row.id as number,
  external_id: null,
  created_at: zendeskTime(row.created_at),
  updated_at: zendeskTime(row.updated_at),
  type: (row.type as string) ?? null,
  subject: (row.subject as string) ?? null,
  description: (row.description as string) ?? null,
  priority: (row.priority as string) ?? null,
  status: row.status as string,
  requester_id: row.requester_id as number,
  submitter_id: row.submitter_id as number,
  assignee_id: (row.assignee_id as number | null) ?? null,
  organization_id: null,
  tags: (Array.isArray(row.tags) ? row.tags : []).map((t) => String(t.tag)),
  custom_fields: (Array.isArray(row.custom_fields) ? row.custom_fields : []).map((f) => ({
    id: f.id as number,
    value: (f.value as string) ?? null,
  })),
  via: {
    channel: String((row.via as Row | undefined)?.channel ?? 'web'),
    source: { from: {}, to: {}, rel: null },
  },
});

/** Every ticket as the export renders it, for "store equals source" checks. */
export const renderDeskTickets = (desk: ServiceDesk, origin: string): { [key: string]: Json }[] =>
  desk.table.all().map((row) => renderTicket(row, origin));

const handleExport = (options: DeskServerOptions, request: SystemRequest): SystemResponse => {
  if (request.method !== 'GET') throw new ODataRequestError(405, 'MethodNotAllowed', 'Read-only sandbox');
  if (request.url.pathname !== TICKET_EXPORT_PATH)
    throw new ODataRequestError(404, 'InvalidEndpoint', `Not found: ${request.url.pathname}`);
  const params = request.url.searchParams;
  for (const name of params.keys())
    if (!allowedParams.has(name)) throw badQuery(`Parameter ${name} is not supported`, 'InvalidValue');
  const perPage = Math.min(options.maxPageSize, Number(params.get('per_page') ?? options.maxPageSize));
  if (!Number.isInteger(perPage) || perPage < 1)
    throw badQuery('per_page must be a positive integer', 'InvalidValue');
  const { table } = options.desk;
  const cursor = params.get('cursor');
  const startTime = params.get('start_time');
  let since: number;
  let candidates: Row[];
  if (cursor !== null) {
    since = decodeCursor(cursor);
    candidates = table.changesSince(since).upserted;
  } else {
    if (startTime === null || !/^\d+$/.test(startTime))
      throw badQuery('start_time (Unix seconds) or cursor is required', 'InvalidValue');
    since = 0;
    const from = Number(startTime) * 1000;
    candidates = table
      .all()
      .filter((row) => row.updated_at instanceof Date && row.updated_at.getTime() >= from);
  }
  if (params.get('exclude_deleted') === 'true')
    candidates = candidates.filter((row) => row.status !== 'deleted');
  const ordered = candidates.sort((a, b) => (table.versionOf(a) ?? 0) - (table.versionOf(b) ?? 0));
  const page = ordered.slice(0, perPage);
  const last = page.at(-1);
  const afterVersion = last ? (table.versionOf(last) ?? since) : Math.max(since, table.latestVersion());
  const origin = request.url.origin;
  const tickets = page.map((row) => renderTicket(row, origin));
  if (request.invalidRecord) corruptOneRecord(tickets, ticketMeta, request.invalidRecord, '31-02-2024 25:61');
  const afterCursor = encodeCursor(afterVersion);
  const body: { [key: string]: Json } = {
    tickets,
    after_url: `${origin}${TICKET_EXPORT_PATH}?cursor=${afterCursor}`,
    after_cursor: afterCursor,
    before_url: null,
    before_cursor: null,
    end_of_stream: ordered.length <= perPage,
  };
  if ((params.get('include') ?? '').split(',').includes('users')) {
    const ids = new Set(
      page.flatMap((row) => [row.requester_id, row.assignee_id].filter((id) => typeof id === 'number')),
    );
    body.users = [...ids].flatMap((id) => {
      const user = options.desk.user(id as number);
      return user
        ? [{ id: user.id, name: user.name, email: user.email, phone: user.phone, role: user.role }]
        : [];
    });
  }
  return { status: 200, json: body };
};

/**
 * Zendesk Support-like service desk: the cursor-based incremental ticket export (`start_time`, then
 * `cursor`; `tickets`, `after_cursor`, `end_of_stream`; `include=users`) behind basic auth with an API token.
 */
export const startDeskServer = (options: DeskServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'serviceDesk',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: basicAuthenticator(options.credentials),
    challenge: 'Basic realm="Web Password"',
    errorBody: (_status, code, message) => ({ error: code, description: message }),
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    handle: (request) => handleExport(options, request),
  });
