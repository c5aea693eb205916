import * as z from 'zod';
import { CustomerPathSchema } from '../customer-id.ts';
import { UnmergeRequestSchema, UnmergeResponseSchema } from '../identity.ts';
import type { ApiOperation } from '../operation.ts';
import { customerErased, customerNotFound, problem } from './responses.ts';

/** POST /customers/{id}/unmerge: undoes one merge of this (surviving) customer. */
export const unmergeCustomerOperation = {
  method: 'POST',
  path: '/customers/{id}/unmerge',
  operationId: 'unmergeCustomer',
  summary: 'Undo a merge',
  description:
    'Splits the customer back along the evidence of the named merge and rebuilds derived data. The token ' +
    'subject is recorded as who asked.',
  tags: ['identity'],
  request: z.object({ path: CustomerPathSchema, body: UnmergeRequestSchema }),
  responses: {
    200: { description: 'The merge was undone.', body: UnmergeResponseSchema },
    404: customerNotFound,
    410: customerErased,
    409: problem(
      'The customer was merged into another one (`survivorId`), or the merge does not exist or was already undone.',
    ),
  },
} satisfies ApiOperation;
