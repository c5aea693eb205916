import type { PrivacyExports, PrivacyRequests } from '../../../app/api/privacy-requests.ts';
import { eraseCustomerOperation } from '../../../schemas/api/operations/erase-customer.ts';
import { exportCustomerOperation } from '../../../schemas/api/operations/export-customer.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { callerOf } from '../http/caller.ts';
import { jsonResponse } from '../http/responses.ts';

/** The read-only privacy route: the export. */
export const privacyExportRoutes = (privacy: PrivacyExports): ApiRoute[] => [
  route(exportCustomerOperation, async ({ path }) =>
    // An export is personal data: never kept by a cache.
    jsonResponse(200, await privacy.export(path.id), { 'cache-control': 'no-store' }),
  ),
];

/** The privacy routes: erasure and export. */
export const privacyRoutes = (privacy: PrivacyRequests): ApiRoute[] => [
  route(eraseCustomerOperation, async ({ path, query }, event) =>
    jsonResponse(200, await privacy.erase(path.id, { requestedBy: callerOf(event), reason: query.reason })),
  ),
  ...privacyExportRoutes(privacy),
];
