import * as z from 'zod';
import type { ApiOperation } from '../operation.ts';

/** GET /openapi.json: this document. */
export const getOpenApiOperation = {
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This OpenAPI 3.1 document',
  tags: ['meta'],
  request: z.object({}),
  responses: {
    200: { description: 'The OpenAPI document.', body: z.record(z.string(), z.unknown()) },
  },
} satisfies ApiOperation;
