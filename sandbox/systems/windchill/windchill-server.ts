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
import type { SandboxTables } from '../../world/world.ts';

/** Where Windchill REST Services live on a Windchill server. */
export const WINDCHILL_ROOT_PATH = '/Windchill/servlet/odata';

/** Options for the Windchill sandbox server. */
export interface WindchillServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tables: SandboxTables['windchill'];
  readonly authenticate: Authenticator;
  readonly faults: FaultController;
  readonly log: RequestLog;
  readonly pageSize: number;
  readonly rateLimitPerSecond?: number;
}

const handleWindchillRequest = (options: WindchillServerOptions, request: SystemRequest): SystemResponse => {
  if (request.method !== 'GET') throw new ODataRequestError(405, 'NotAllowed', 'Read-only sandbox');
  const path = decodeURIComponent(request.url.pathname);
  // Both the default and a versioned domain path (`/v5/ProdMgmt/Parts`) are accepted, as on Windchill.
  const match = new RegExp(`^${WINDCHILL_ROOT_PATH}(?:/v\\d+)?/ProdMgmt/Parts(?:\\('([^']+)'\\))?$`).exec(
    path,
  );
  if (!match) throw new ODataRequestError(404, 'NotFound', `Resource not found for the segment '${path}'`);
  const entity = options.tables.Parts.meta;
  const table = options.tables.Parts;
  const contextUrl = `${request.url.origin}${WINDCHILL_ROOT_PATH}/ProdMgmt/$metadata#Parts`;
  const id = match[1];
  if (id !== undefined) {
    const row = table.get(id);
    if (!row) throw new ODataRequestError(404, 'NotFound', `No Part with ID '${id}'`);
    return respondV4Entity(request, { entity, table, contextUrl }, row);
  }
  return respondV4Collection(request, {
    entity,
    table,
    contextUrl,
    maxPageSize: options.pageSize,
    supportsDelta: false,
  });
};

/**
 * Windchill REST Services sandbox: the ProdMgmt domain's `Parts` entity set (OData v4) with
 * `LastModified` filtering and `$expand=Successors,Accessories`, behind OAuth2 bearer tokens.
 */
export const startWindchillServer = (options: WindchillServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'windchill',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: options.authenticate,
    challenge: 'Bearer realm="Windchill"',
    errorBody: (_status, code, message) => v4ErrorBody(code, message),
    ...(options.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    handle: (request) => handleWindchillRequest(options, request),
  });
