import type { CustomerReads } from '../../../app/api/customer-reads.ts';
import { findCustomerOperation } from '../../../schemas/api/operations/find-customer.ts';
import { getCustomerOperation } from '../../../schemas/api/operations/get-customer.ts';
import { getTimelineOperation } from '../../../schemas/api/operations/get-timeline.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse, notModifiedResponse } from '../http/responses.ts';

/** The read routes: 360 view (with ETag revalidation), lookup by identifier, timeline. */
export const customersReadRoutes = (reads: CustomerReads): ApiRoute[] => [
  route(getCustomerOperation, async ({ path, headers }) => {
    const read = await reads.customer360(path.id, headers['if-none-match']);
    if (read.kind === 'notModified') return notModifiedResponse(read.etag);
    // `no-cache`: clients and shared caches keep the copy but revalidate it with If-None-Match each time.
    return jsonResponse(200, read.view, { etag: read.etag, 'cache-control': 'private, no-cache' });
  }),
  route(findCustomerOperation, async ({ query }) =>
    jsonResponse(200, await reads.findByIdentifier(query.identifier)),
  ),
  route(getTimelineOperation, async ({ path, query }) =>
    jsonResponse(200, await reads.timeline(path.id, query)),
  ),
];
