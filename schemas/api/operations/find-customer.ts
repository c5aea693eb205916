import * as z from 'zod';
import { CustomerLookupQuerySchema, CustomerLookupResponseSchema } from '../customer-lookup.ts';
import type { ApiOperation } from '../operation.ts';
import { problem } from './responses.ts';

/** GET /customers?identifier=<type>:<value>: which customer holds an identifier. */
export const findCustomerOperation = {
  method: 'GET',
  path: '/customers',
  operationId: 'findCustomerByIdentifier',
  summary: 'Find a customer by any identifier',
  description: 'ERP customer / business-partner number, e-mail, phone, web user id or anonymous id.',
  tags: ['customers'],
  request: z.object({ query: CustomerLookupQuerySchema }),
  responses: {
    200: { description: 'The customer holding the identifier.', body: CustomerLookupResponseSchema },
    404: problem('No customer holds the identifier.'),
  },
} satisfies ApiOperation;
