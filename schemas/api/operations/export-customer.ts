import * as z from 'zod';
import { CustomerPathSchema } from '../customer-id.ts';
import type { ApiOperation } from '../operation.ts';
import { CustomerExportSchema } from '../privacy.ts';
import { customerErased, customerNotFound, mergedRedirect } from './responses.ts';

/** GET /customers/{id}/export: everything the hub holds about a customer. */
export const exportCustomerOperation = {
  method: 'GET',
  path: '/customers/{id}/export',
  operationId: 'exportCustomer',
  summary: "Export a customer's data",
  tags: ['privacy'],
  request: z.object({ path: CustomerPathSchema }),
  responses: {
    200: { description: 'The customer data as JSON.', body: CustomerExportSchema },
    307: mergedRedirect,
    404: customerNotFound,
    410: customerErased,
  },
} satisfies ApiOperation;
