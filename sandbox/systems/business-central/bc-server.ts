import type { FaultController } from '../../faults/fault-controller.ts';
import type { Authenticator } from '../../http/auth.ts';
import type { RequestLog } from '../../http/request-log.ts';
import {
  type RunningServer,
  type SystemRequest,
  type SystemResponse,
  startSystemServer,
} from '../../http/system-server.ts';
import { ODataRequestError } from '../../odata/odata-error.ts';
import { respondV4Collection, respondV4Entity } from '../../odata/v4-collection.ts';
import { v4ErrorBody } from '../../odata/v4-format.ts';
import type { SourceTable } from '../../world/source-table.ts';
import type { SandboxTables } from '../../world/world.ts';
import { businessCentralEntitySets } from './bc-model.ts';

/** Options for the Business Central sandbox server. */
export interface BusinessCentralServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tenantId: string;
  readonly environment: string;
  readonly companyId: string;
  readonly companyName: string;
  readonly tables: SandboxTables['businessCentral'];
  readonly authenticate: Authenticator;
  readonly faults: FaultController;
  readonly log: RequestLog;
  /** Server-driven page size (the real service's maximum is 20,000). */
  readonly pageSize: number;
  readonly rateLimitPerSecond?: number;
  /** False serves the entity sets without delta links, like an installation with change tracking off. */
  readonly changeTracking?: boolean;
}

/** `/v2.0/<tenant>/<environment>/api/v2.0`: the API root below the server origin. */
export const businessCentralApiPath = (tenantId: string, environment: string): string =>
  `/v2.0/${tenantId}/${environment}/api/v2.0`;

const notFound = (message: string) => new ODataRequestError(404, 'BadRequest_NotFound', message);

const handleBcRequest = (options: BusinessCentralServerOptions, request: SystemRequest): SystemResponse => {
  if (request.method !== 'GET')
    throw new ODataRequestError(405, 'BadRequest_MethodNotAllowed', 'Read-only sandbox');
  const apiPath = businessCentralApiPath(options.tenantId, options.environment);
  const path = decodeURIComponent(request.url.pathname);
  if (!path.startsWith(apiPath)) throw notFound(`No API at ${path}`);
  const apiRoot = `${request.url.origin}${apiPath}`;
  const rest = path.slice(apiPath.length);
  if (rest === '/companies') {
    return {
      status: 200,
      json: {
        '@odata.context': `${apiRoot}/$metadata#companies`,
        value: [
          {
            id: options.companyId,
            systemVersion: '26.0.30643.32481',
            name: options.companyName,
            displayName: options.companyName,
            businessProfileId: '',
          },
        ],
      },
    };
  }
  const match = /^\/companies\(([^)]+)\)\/([A-Za-z]+)(?:\(([^)]+)\))?$/.exec(rest);
  if (!match) throw notFound(`Resource not found for segment '${rest}'`);
  const [, company = '', setName = '', entityKey] = match;
  if (company.toLowerCase() !== options.companyId.toLowerCase()) {
    throw notFound(`The company '${company}' does not exist.`);
  }
  const entity = businessCentralEntitySets[setName];
  const tables: Readonly<Record<string, SourceTable | undefined>> = options.tables;
  const table = tables[setName];
  if (!entity || !table) throw notFound(`Resource not found for segment '${setName}'`);
  const contextUrl = `${apiRoot}/$metadata#companies(${options.companyId})/${setName}`;
  if (entityKey !== undefined) {
    const row = table.get(entityKey.toLowerCase());
    if (!row) throw notFound(`The ${entity.typeName} with id ${entityKey} does not exist.`);
    return respondV4Entity(request, { entity, table, contextUrl }, row);
  }
  return respondV4Collection(request, {
    entity,
    table,
    contextUrl,
    maxPageSize: options.pageSize,
    supportsDelta: options.changeTracking !== false,
  });
};

/**
 * Business Central API v2.0 sandbox: `companies`, and under `companies(<id>)/` the `customers`,
 * `salesOrders` (`$expand=salesOrderLines`) and `salesInvoices` (`$expand=salesInvoiceLines`) entity
 * sets as OData v4 behind OAuth2 bearer tokens, with delta links for change tracking.
 */
export const startBusinessCentralServer = (options: BusinessCentralServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'businessCentral',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: options.authenticate,
    challenge: 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    errorBody: (_status, code, message) => v4ErrorBody(code, message),
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    handle: (request) => handleBcRequest(options, request),
  });
