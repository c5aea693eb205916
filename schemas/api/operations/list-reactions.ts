import * as z from 'zod';
import type { ApiOperation } from '../operation.ts';
import { PageQuerySchema } from '../pagination.ts';
import { ReactionFeedPageSchema, ReactionSystemSchema } from '../reactions.ts';

/** Filters of the reactions feed, besides paging. */
export const ReactionFeedQuerySchema = PageQuerySchema.extend({
  system: ReactionSystemSchema.optional().meta({ description: 'Only reactions sent to this system.' }),
  rule: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be a rule name (kebab-case)')
    .optional()
    .meta({ description: 'Only reactions of this rule.' }),
});

/** GET /reactions: what the hub sent to other systems, newest first. */
export const listReactionsOperation = {
  method: 'GET',
  path: '/reactions',
  operationId: 'listReactions',
  summary: 'Reactions the hub sent, newest first',
  description:
    'Tasks, leads, change requests, notices and demand signals delivered by the reaction rules, newest first, ' +
    'each with its outcome once measurable (did the customer or part move afterwards).',
  tags: ['reactions'],
  request: z.object({ query: ReactionFeedQuerySchema }),
  responses: {
    200: { description: 'One page of the reactions feed.', body: ReactionFeedPageSchema },
  },
} satisfies ApiOperation;
