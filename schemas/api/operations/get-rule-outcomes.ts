import * as z from 'zod';
import type { ApiOperation } from '../operation.ts';
import { RuleOutcomesSchema } from '../reactions.ts';

/** GET /reactions/outcomes: the closed loop, which rules earn their keep. */
export const getRuleOutcomesOperation = {
  method: 'GET',
  path: '/reactions/outcomes',
  operationId: 'getRuleOutcomes',
  summary: 'Outcome of each reaction rule',
  description:
    'Per rule: reactions sent, how many were followed by the movement they aim for (an order, a payment, ' +
    'stock arriving) within the window, how many were not, and how many are still open.',
  tags: ['reactions'],
  request: z.object({}),
  responses: {
    200: { description: 'The outcome per rule.', body: RuleOutcomesSchema },
  },
} satisfies ApiOperation;
