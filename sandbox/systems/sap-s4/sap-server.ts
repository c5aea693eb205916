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
import type { EntitySetMeta } from '../../odata/entity-model.ts';
import { nextLink, selectPage } from '../../odata/keyset-page.ts';
import { ODataRequestError } from '../../odata/odata-error.ts';
import { parseCollectionQuery } from '../../odata/query-options.ts';
import { type Json, toV2Entity, v2ErrorBody } from '../../odata/v2-format.ts';
import type { SourceTable } from '../../world/source-table.ts';
import type { SandboxTables } from '../../world/world.ts';
import { sapServices } from './sap-model.ts';

/** Where the SAP services live, as on a real S/4HANA system. */
export const SAP_ROOT_PATH = '/sap/opu/odata/sap';

/** Options for the SAP S/4HANA sandbox server. */
export interface SapServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tables: SandboxTables['sapS4'];
  readonly credentials: BasicCredentials;
  readonly faults: FaultController;
  readonly log: RequestLog;
  /** Server-driven page size: a collection answers at most this many rows and a `__next` link. */
  readonly pageSize: number;
  readonly rateLimitPerSecond?: number;
}

const notFound = (message: string) => new ODataRequestError(404, '/IWFND/MED/170', message);

const parseKey = (predicate: string, entity: EntitySetMeta): string => {
  // ('1000100') or (SalesOrder='1',…); the sandbox's SAP entity sets have single keys.
  const single = /^'((?:[^']|'')*)'$/.exec(predicate);
  if (single?.[1] !== undefined) return single[1].replaceAll("''", "'");
  const named = new RegExp(`^${entity.keyFields[0] ?? ''}='((?:[^']|'')*)'$`).exec(predicate);
  if (named?.[1] !== undefined) return named[1].replaceAll("''", "'");
  throw new ODataRequestError(400, '/IWBEP/CM_MGW_RT/020', `Invalid key predicate (${predicate})`);
};

const handleSapRequest = (options: SapServerOptions, request: SystemRequest): SystemResponse => {
  if (request.method !== 'GET') {
    throw new ODataRequestError(405, '/IWFND/MED/010', 'The sandbox serves read access only');
  }
  const path = request.url.pathname;
  if (!path.startsWith(`${SAP_ROOT_PATH}/`)) throw notFound(`No service found for ${path}`);
  const [serviceName = '', resource = '', ...rest] = path.slice(SAP_ROOT_PATH.length + 1).split('/');
  const service = sapServices[serviceName];
  if (!service) throw notFound(`No service found for namespace '', name '${serviceName}', version '0001'`);
  const serviceRoot = `${request.url.origin}${SAP_ROOT_PATH}/${serviceName}`;
  if (resource === '') return { status: 200, json: { d: { EntitySets: Object.keys(service) } } };
  const match = /^([A-Za-z_]+)(?:\((.*)\))?$/.exec(decodeURIComponent(resource));
  const entityName = match?.[1] ?? '';
  const entity = service[entityName];
  const tables: Readonly<Record<string, SourceTable | undefined>> = options.tables;
  const table = tables[entityName];
  if (!entity || !table) throw notFound(`Resource not found for segment '${resource}'`);

  const params = request.url.searchParams;
  if (match?.[2] !== undefined) {
    const key = parseKey(match[2], entity);
    const row = table.get(key);
    if (!row) throw notFound(`Resource not found for segment '${entityName}'`);
    const query = parseCollectionQuery(params, entity, 'v2');
    return { status: 200, json: { d: toV2Entity(row, entity, { serviceRoot, serviceName, ...query }) } };
  }
  if (rest[0] === '$count') {
    const query = parseCollectionQuery(params, entity, 'v2');
    const count = query.filter ? table.all().filter(query.filter).length : table.size;
    return { status: 200, text: String(count) };
  }
  if (rest.length > 0) throw notFound(`Resource not found for segment '${rest.join('/')}'`);

  const query = parseCollectionQuery(params, entity, 'v2');
  const page = selectPage(table.all(), entity, query, options.pageSize);
  const results = page.rows.map((row) =>
    toV2Entity(row, entity, {
      serviceRoot,
      serviceName,
      expand: query.expand,
      ...(query.select ? { select: query.select } : {}),
    }),
  );
  if (request.invalidRecord) {
    // SAP renders a broken date as an unparsable /Date()/ literal.
    corruptOneRecord(results, entity, request.invalidRecord, '/Date(not-a-date)/');
  }
  const d: { [key: string]: Json } = { results };
  if (query.count) d.__count = String(page.total);
  if (page.next) d.__next = nextLink(request.url, page.next);
  return { status: 200, json: { d } };
};

/**
 * SAP S/4HANA sandbox: `API_BUSINESS_PARTNER/A_BusinessPartner`, `API_SALES_ORDER_SRV/A_SalesOrder`,
 * `API_BILLING_DOCUMENT_SRV/A_BillingDocument` and `API_EQUIPMENT/Equipment` as OData v2 JSON behind basic
 * authentication.
 */
export const startSapServer = (options: SapServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'sapS4',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: basicAuthenticator(options.credentials),
    challenge: 'Basic realm="SAP NetWeaver Application Server [S4H/100]"',
    errorBody: (_status, code, message) => v2ErrorBody(code, message),
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    handle: (request) => handleSapRequest(options, request),
  });
