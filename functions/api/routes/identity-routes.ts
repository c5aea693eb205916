import type { IdentityReads, IdentityRequests } from '../../../app/api/identity-requests.ts';
import { getIdentityOperation } from '../../../schemas/api/operations/get-identity.ts';
import { unmergeCustomerOperation } from '../../../schemas/api/operations/unmerge-customer.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { callerOf } from '../http/caller.ts';
import { jsonResponse } from '../http/responses.ts';

/** The read-only identity route: the graph with merge evidence. */
export const identityReadRoutes = (identity: IdentityReads): ApiRoute[] => [
  route(getIdentityOperation, async ({ path }) => jsonResponse(200, await identity.explain(path.id))),
];

/** The identity routes: the graph with merge evidence, and undoing a merge. */
export const identityRoutes = (identity: IdentityRequests): ApiRoute[] => [
  ...identityReadRoutes(identity),
  route(unmergeCustomerOperation, async ({ path, body }, event) => {
    const result = await identity.unmerge(path.id, body, callerOf(event));
    return jsonResponse(200, { entryId: result.entryId, customerIds: [...result.customerIds] });
  }),
];
