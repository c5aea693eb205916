import * as z from 'zod';
import { Customer360ResponseSchema } from '../customer-360.ts';
import { CustomerPathSchema } from '../customer-id.ts';
import type { ApiOperation } from '../operation.ts';
import { customerErased, customerNotFound, mergedRedirect } from './responses.ts';

const etag = z.object({
  etag: z.string().meta({ description: 'Send it as `If-None-Match` to revalidate.' }),
});

/** GET /customers/{id}: the customer-360 view. */
export const getCustomerOperation = {
  method: 'GET',
  path: '/customers/{id}',
  operationId: 'getCustomer360',
  summary: 'The customer-360 view',
  description:
    'Profile with provenance, identifiers, recent orders, invoices (overdue first), products owned, open and ' +
    'late shipments, recent interactions, web-activity summary, last contact and insights. Costs one DynamoDB ' +
    'Query for an unmerged customer. Supports `If-None-Match` with the `ETag` of an earlier answer.',
  tags: ['customers'],
  request: z.object({
    path: CustomerPathSchema,
    headers: z.object({
      'if-none-match': z
        .string()
        .max(2048, 'is longer than any list of entity tags this API issues')
        .optional()
        .meta({ description: 'ETag(s) of copies the client holds; a match answers 304.' }),
    }),
  }),
  responses: {
    200: { description: 'The customer-360 view.', body: Customer360ResponseSchema, headers: etag },
    304: { description: 'The copy the client holds is current.', headers: etag },
    307: mergedRedirect,
    404: customerNotFound,
    410: customerErased,
  },
} satisfies ApiOperation;
