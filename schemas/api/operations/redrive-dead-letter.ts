import * as z from 'zod';
import { DeadLetterPathSchema, RedriveResultSchema } from '../dead-letters.ts';
import type { ApiOperation } from '../operation.ts';
import { problem } from './responses.ts';

/** POST /dead-letters/{id}/redrive: hands the work to its target again. */
export const redriveDeadLetterOperation = {
  method: 'POST',
  path: '/dead-letters/{id}/redrive',
  operationId: 'redriveDeadLetter',
  summary: 'Deliver a dead letter again',
  description:
    'Removes the dead letter and resubmits its payload to where it failed: the one rule target, or the ' +
    'function. Delivery is asynchronous; if it fails again it comes back as a new dead letter.',
  tags: ['operations'],
  request: z.object({ path: DeadLetterPathSchema }),
  responses: {
    202: { description: 'Resubmitted.', body: RedriveResultSchema },
    404: problem('No dead letter has this id (it may have been redriven already).'),
    503: problem('This deployment keeps its dead letters where the API cannot redrive them yet.'),
  },
} satisfies ApiOperation;
