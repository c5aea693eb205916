import * as z from 'zod';
import { CustomerPathSchema } from '../customer-id.ts';
import { IdentityGraphSchema } from '../identity.ts';
import type { ApiOperation } from '../operation.ts';
import { customerErased, customerNotFound, mergedRedirect } from './responses.ts';

/** GET /customers/{id}/identity: the identity graph and the evidence behind each merge. */
export const getIdentityOperation = {
  method: 'GET',
  path: '/customers/{id}/identity',
  operationId: 'explainCustomerIdentity',
  summary: 'Why these records are one customer',
  tags: ['identity'],
  request: z.object({ path: CustomerPathSchema }),
  responses: {
    200: {
      description: 'Identifiers, the records carrying them, merges and conflicts.',
      body: IdentityGraphSchema,
    },
    307: mergedRedirect,
    404: customerNotFound,
    410: customerErased,
  },
} satisfies ApiOperation;
