import * as z from 'zod';
import { ConnectorListSchema } from '../connectors.ts';
import type { ApiOperation } from '../operation.ts';

/** GET /connectors: sync status, lag, last error and quarantine counts. */
export const listConnectorsOperation = {
  method: 'GET',
  path: '/connectors',
  operationId: 'listConnectors',
  summary: 'Connector sync status',
  tags: ['connectors'],
  request: z.object({}),
  responses: {
    200: { description: 'Every connector that has run, with its streams.', body: ConnectorListSchema },
  },
} satisfies ApiOperation;
