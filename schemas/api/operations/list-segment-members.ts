import * as z from 'zod';
import type { ApiOperation } from '../operation.ts';
import { PageQuerySchema } from '../pagination.ts';
import { SegmentMembersPageSchema, SegmentPathSchema } from '../segments.ts';

/** GET /segments/{segment}/customers: the members of one segment, paginated, from the segment index. */
export const listSegmentMembersOperation = {
  method: 'GET',
  path: '/segments/{segment}/customers',
  operationId: 'listSegmentMembers',
  summary: 'Customers in a segment, with since when and why',
  tags: ['segments'],
  request: z.object({ path: SegmentPathSchema, query: PageQuerySchema }),
  responses: {
    200: { description: 'One page of the segment, ordered by customer id.', body: SegmentMembersPageSchema },
  },
} satisfies ApiOperation;
