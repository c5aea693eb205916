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
    'Removes the dead letter and resubmits its payload to where it failed: locally the one rule target, or the ' +
    "function; on AWS a rule target's event is put on the hub bus again, so every rule matching it sees it " +
    'again. Delivery is asynchronous; if it fails again it comes back as a new dead letter.',
  tags: ['operations'],
  request: z.object({ path: DeadLetterPathSchema }),
  responses: {
    202: { description: 'Resubmitted.', body: RedriveResultSchema },
    404: problem('No dead letter has this id (it may have been redriven already).'),
    409: problem(
      'The dead letter cannot be resubmitted by the API (on AWS: a stream pointer, or a failed function invocation); it stays listed.',
    ),
    503: problem('This deployment keeps its dead letters where the API cannot redrive them yet.'),
  },
} satisfies ApiOperation;
