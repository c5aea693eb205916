import * as z from 'zod';
import { DeadLetterListSchema, DeadLetterQuerySchema } from '../dead-letters.ts';
import type { ApiOperation } from '../operation.ts';
import { problem } from './responses.ts';

/** GET /dead-letters: deliveries and invocations the hub gave up on, with the reason. */
export const listDeadLettersOperation = {
  method: 'GET',
  path: '/dead-letters',
  operationId: 'listDeadLetters',
  summary: 'Work the hub gave up on',
  description:
    'Events a rule target never accepted and invocations that failed every retry, newest first, ' +
    'with the payload as it would have been delivered.',
  tags: ['operations'],
  request: z.object({ query: DeadLetterQuerySchema }),
  responses: {
    200: { description: 'The dead letters.', body: DeadLetterListSchema },
    503: problem('This deployment keeps its dead letters where the API cannot read them yet.'),
  },
} satisfies ApiOperation;
