import type { ConnectorReads } from '../../../app/api/connector-reads.ts';
import { listConnectorsOperation } from '../../../schemas/api/operations/list-connectors.ts';
import { listQuarantineOperation } from '../../../schemas/api/operations/list-quarantine.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse } from '../http/responses.ts';

/** The connector routes: status of every connector, and a connector's quarantine. */
export const connectorsRoutes = (connectors: ConnectorReads): ApiRoute[] => [
  route(listConnectorsOperation, async () => jsonResponse(200, await connectors.list())),
  route(listQuarantineOperation, async ({ path, query }) =>
    jsonResponse(200, await connectors.quarantine(path.name, query), { 'cache-control': 'no-store' }),
  ),
];
