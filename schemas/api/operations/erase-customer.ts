import * as z from 'zod';
import { CustomerPathSchema } from '../customer-id.ts';
import type { ApiOperation } from '../operation.ts';
import { EraseQuerySchema, ErasureResultSchema } from '../privacy.ts';
import { customerErased, customerNotFound, mergedConflict } from './responses.ts';

/** DELETE /customers/{id}: erasure (right to be forgotten). */
export const eraseCustomerOperation = {
  method: 'DELETE',
  path: '/customers/{id}',
  operationId: 'eraseCustomer',
  summary: 'Erase a customer',
  description:
    'Deletes every item of the customer and keeps its identifiers only as salted hashes so later syncs do ' +
    'not bring it back. Irreversible; the erasure is announced on the event bus.',
  tags: ['privacy'],
  request: z.object({ path: CustomerPathSchema, query: EraseQuerySchema }),
  responses: {
    200: { description: 'The customer was erased.', body: ErasureResultSchema },
    404: customerNotFound,
    410: customerErased,
    409: mergedConflict,
  },
} satisfies ApiOperation;
