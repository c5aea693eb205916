import * as z from 'zod';
import { CustomerPathSchema } from '../customer-id.ts';
import type { ApiOperation } from '../operation.ts';
import { PageQuerySchema } from '../pagination.ts';
import { TimelinePageSchema } from '../timeline.ts';
import { customerErased, customerNotFound, mergedRedirect } from './responses.ts';

/** GET /customers/{id}/timeline: everything that happened, newest first, paginated. */
export const getTimelineOperation = {
  method: 'GET',
  path: '/customers/{id}/timeline',
  operationId: 'getCustomerTimeline',
  summary: "The customer's timeline, newest first",
  tags: ['customers'],
  request: z.object({ path: CustomerPathSchema, query: PageQuerySchema }),
  responses: {
    200: { description: 'One page of the timeline.', body: TimelinePageSchema },
    307: mergedRedirect,
    404: customerNotFound,
    410: customerErased,
  },
} satisfies ApiOperation;
