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
import {
  type EntitySetMeta,
  isComplexType,
  type Row,
  resolveNavigation,
  rowKey,
} from '../../odata/entity-model.ts';
import { compileFilter } from '../../odata/filter-compile.ts';
import { selectPage } from '../../odata/keyset-page.ts';
import { badQuery, ODataRequestError } from '../../odata/odata-error.ts';
import type { OrderTerm } from '../../odata/query-options.ts';
import type { Json } from '../../odata/v2-format.ts';
import type { SourceTable } from '../../world/source-table.ts';
import type { SandboxTables } from '../../world/world.ts';
import { oracleResources } from './oracle-model.ts';
import { parseOracleQ } from './oracle-query.ts';

/** Where the Fusion SCM REST resources live. */
export const ORACLE_ROOT_PATH = '/fscmRestApi/resources/11.13.18.05';

const DEFAULT_LIMIT = 25;
const allowedParams = new Set([
  'q',
  'limit',
  'offset',
  'orderBy',
  'totalResults',
  'onlyData',
  'fields',
  'expand',
]);

/** Options for the Oracle SCM sandbox server. */
export interface OracleServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tables: SandboxTables['oracleScm'];
  readonly credentials: BasicCredentials;
  readonly faults: FaultController;
  readonly log: RequestLog;
  /** The largest `limit` the server honours (Oracle's is 500); bigger requests are capped. */
  readonly maxLimit: number;
  readonly rateLimitPerSecond?: number;
  /** The resources served, by name; by default `shipments` and `onhandQuantityDetails` from the tables. */
  readonly resources?: Readonly<Record<string, OracleResource>>;
}

/** One REST resource: its attributes and its current rows. */
export interface OracleResource {
  readonly meta: EntitySetMeta;
  rows(): Row[];
}

/** The default resources: the tables under their own names. */
export const defaultOracleResources = (
  tables: SandboxTables['oracleScm'],
): Readonly<Record<string, OracleResource>> => {
  const byName: Readonly<Record<string, SourceTable>> = tables;
  return Object.fromEntries(
    Object.entries(oracleResources).flatMap(([name, meta]) => {
      const table = byName[name];
      return table ? [[name, { meta, rows: () => table.all() }]] : [];
    }),
  );
};

/** Oracle REST renders timestamps with an explicit offset: `2024-05-01T10:00:00.000+00:00`. */
const oracleValue = (value: unknown): Json => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

const uniqueId = (entity: EntitySetMeta, row: Row): string =>
  entity.keyFields.length === 1
    ? String(row[entity.keyFields[0] ?? ''] ?? '')
    : Buffer.from(rowKey(entity, row)).toString('base64url');

/** Renders one row as an Oracle REST item (children expanded when listed in `expand`). */
export const toOracleItem = (
  row: Row,
  entity: EntitySetMeta,
  options: { resourceUrl: string; fields?: readonly string[]; expand: readonly string[]; onlyData: boolean },
): { [key: string]: Json } => {
  const item: { [key: string]: Json } = {};
  for (const [name, type] of Object.entries(entity.properties)) {
    if (isComplexType(type)) continue;
    if (options.fields && !options.fields.includes(name)) continue;
    item[name] = oracleValue(row[name]);
  }
  const selfHref = `${options.resourceUrl}/${uniqueId(entity, row)}`;
  const links: Json[] = [{ rel: 'self', href: selfHref, name: entity.name, kind: 'item' }];
  for (const [name, navigation] of Object.entries(entity.navigations)) {
    if (options.expand.includes(name)) {
      item[name] = resolveNavigation(navigation, name, row).map((child) =>
        toOracleItem(child, navigation.target, {
          ...options,
          resourceUrl: `${selfHref}/child/${name}`,
          fields: undefined,
          expand: [],
        }),
      );
    } else {
      links.push({ rel: 'child', href: `${selfHref}/child/${name}`, name, kind: 'collection' });
    }
  }
  if (!options.onlyData) item.links = links;
  return item;
};

const parseNonNegative = (name: string, value: string | null, fallback: number): number => {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value))
    throw badQuery(`Parameter ${name} must be a non-negative integer`, 'InvalidParameter');
  return Number(value);
};

const parseOrderBy = (value: string | null, entity: EntitySetMeta): OrderTerm[] =>
  (value ?? '')
    .split(',')
    .filter((term) => term.trim() !== '')
    .map((term) => {
      const [attribute = '', direction = 'asc', ...extra] = term.trim().split(':');
      if (
        entity.properties[attribute] === undefined ||
        extra.length > 0 ||
        !['asc', 'desc'].includes(direction)
      ) {
        throw badQuery(`Invalid orderBy term '${term}'`, 'InvalidParameter');
      }
      return { path: [attribute], descending: direction === 'desc' };
    });

const parseList = (
  value: string | null,
  allowed: (name: string) => boolean,
  what: string,
): string[] | undefined => {
  if (value === null) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names)
    if (!allowed(name)) throw badQuery(`Unknown ${what} '${name}'`, 'InvalidParameter');
  return names;
};

const handleOracleRequest = (options: OracleServerOptions, request: SystemRequest): SystemResponse => {
  if (request.method !== 'GET') throw new ODataRequestError(405, 'MethodNotAllowed', 'Read-only sandbox');
  const path = decodeURIComponent(request.url.pathname);
  const match = new RegExp(`^${ORACLE_ROOT_PATH}/([A-Za-z]+)(?:/([^/]+))?$`).exec(path);
  const resources = options.resources ?? defaultOracleResources(options.tables);
  const resource = match ? resources[match[1] ?? ''] : undefined;
  if (!match || !resource) throw new ODataRequestError(404, 'NotFound', `No resource at ${path}`);
  const entity = resource.meta;
  const table = { all: () => resource.rows() };
  const params = request.url.searchParams;
  for (const name of params.keys()) {
    if (!allowedParams.has(name)) throw badQuery(`Parameter ${name} is not supported`, 'InvalidParameter');
  }
  const resourceUrl = `${request.url.origin}${ORACLE_ROOT_PATH}/${entity.name}`;
  const onlyData = params.get('onlyData') === 'true';
  const fields = parseList(params.get('fields'), (name) => entity.properties[name] !== undefined, 'field');
  const expandText = params.get('expand');
  const expand =
    expandText === 'all'
      ? Object.keys(entity.navigations)
      : (parseList(expandText, (name) => entity.navigations[name] !== undefined, 'child resource') ?? []);
  if (fields && expandText !== null)
    throw badQuery('fields cannot be combined with expand', 'InvalidParameter');
  const itemOptions = { resourceUrl, expand, onlyData, ...(fields ? { fields } : {}) };

  const id = match[2];
  if (id !== undefined) {
    const row = table.all().find((candidate) => uniqueId(entity, candidate) === id);
    if (!row) throw new ODataRequestError(404, 'NotFound', `No ${entity.name} item with id ${id}`);
    return { status: 200, json: toOracleItem(row, entity, itemOptions) };
  }

  const q = params.get('q');
  const limit = Math.min(
    options.maxLimit,
    Math.max(1, parseNonNegative('limit', params.get('limit'), DEFAULT_LIMIT)),
  );
  const offset = parseNonNegative('offset', params.get('offset'), 0);
  const page = selectPage(
    table.all(),
    entity,
    {
      ...(q !== null ? { filter: compileFilter(parseOracleQ(q, entity), entity, 'v4') } : {}),
      orderBy: parseOrderBy(params.get('orderBy'), entity),
      skip: offset,
      top: limit,
      expand: [],
      count: false,
    },
    limit,
  );
  const items = page.rows.map((row) => toOracleItem(row, entity, itemOptions));
  if (request.invalidRecord) corruptOneRecord(items, entity, request.invalidRecord, '31-02-2024 25:61');
  const body: { [key: string]: Json } = {
    items,
    count: items.length,
    hasMore: offset + items.length < page.total,
    limit,
    offset,
  };
  if (params.get('totalResults') === 'true') body.totalResults = page.total;
  body.links = [{ rel: 'self', href: request.url.href, name: entity.name, kind: 'collection' }];
  return { status: 200, json: body };
};

/** Oracle's REST error body (REST framework version 4 and later). */
const oracleErrorBody = (status: number, code: string, message: string): Json => ({
  title:
    status === 401
      ? 'Unauthorized'
      : status === 404
        ? 'Not Found'
        : status >= 500
          ? 'Internal Server Error'
          : 'Bad Request',
  status: String(status),
  'o:errorDetails': [{ detail: message, 'o:errorCode': code }],
});

/**
 * Oracle Fusion SCM REST sandbox: `shipments` (child `shipmentLines`) and `onhandQuantityDetails` with
 * `q`, `orderBy`, `limit`/`offset` paging (`items`, `count`, `hasMore`), behind basic authentication.
 */
export const startOracleServer = (options: OracleServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'oracleScm',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: basicAuthenticator(options.credentials),
    challenge: 'Basic realm="Oracle Fusion Applications"',
    errorBody: oracleErrorBody,
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    handle: (request) => handleOracleRequest(options, request),
  });
