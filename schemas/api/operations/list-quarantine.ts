import * as z from 'zod';
import { ConnectorNamePathSchema, QuarantinePageSchema } from '../connectors.ts';
import type { ApiOperation } from '../operation.ts';
import { PageQuerySchema } from '../pagination.ts';
import { problem } from './responses.ts';

/** GET /connectors/{name}/quarantine: the records a connector could not take in, with reasons. */
export const listQuarantineOperation = {
  method: 'GET',
  path: '/connectors/{name}/quarantine',
  operationId: 'listQuarantine',
  summary: 'Quarantined records of a connector',
  tags: ['connectors'],
  request: z.object({ path: ConnectorNamePathSchema, query: PageQuerySchema }),
  responses: {
    200: { description: 'One page of quarantined records.', body: QuarantinePageSchema },
    404: problem('No connector has this name.'),
  },
} satisfies ApiOperation;
