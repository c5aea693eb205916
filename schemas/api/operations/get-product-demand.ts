import * as z from 'zod';
import { DemandPictureSchema, PartNumberPathSchema } from '../demand.ts';
import type { ApiOperation } from '../operation.ts';
import { problem } from './responses.ts';

/** GET /products/{partNumber}/demand: the production demand picture of one part. */
export const getProductDemandOperation = {
  method: 'GET',
  path: '/products/{partNumber}/demand',
  operationId: 'getProductDemand',
  summary: 'Demand, stock and the demand signal of a part',
  description:
    'Projected demand per day by source (open order quantity, open quotes weighted by the win rate, web ' +
    'interest weighted by its conversion rate) with the records behind it; available stock over all sites ' +
    '(on hand + inbound − allocated), safety stock and the planning lead time; the current production demand ' +
    'signal (the planned order ERP holds under its key, open or withdrawn) and the history of its revisions.',
  tags: ['demand'],
  request: z.object({ path: PartNumberPathSchema }),
  responses: {
    200: { description: 'The demand picture of the part, computed now.', body: DemandPictureSchema },
    404: problem(
      'The hub holds nothing about this part: no PDM product, stock position, order line or web interest.',
    ),
  },
} satisfies ApiOperation;
