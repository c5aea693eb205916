import type { ProductDemandReads } from '../../../app/demand/product-demand-reads.ts';
import { getProductDemandOperation } from '../../../schemas/api/operations/get-product-demand.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse } from '../http/responses.ts';

/** The demand route: a part's demand, stock and signal, computed at the moment of the request. */
export const demandRoutes = (reads: ProductDemandReads): ApiRoute[] => [
  route(getProductDemandOperation, async ({ path }) =>
    jsonResponse(200, await reads.picture(path.partNumber), { 'cache-control': 'no-store' }),
  ),
];
