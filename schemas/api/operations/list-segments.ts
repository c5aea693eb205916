import * as z from 'zod';
import type { ApiOperation } from '../operation.ts';
import { SegmentListSchema } from '../segments.ts';

/** GET /segments: every insight segment with its size. */
export const listSegmentsOperation = {
  method: 'GET',
  path: '/segments',
  operationId: 'listSegments',
  summary: 'Insight segments (lifecycle stages, payment risk, profit, key customers) with their sizes',
  tags: ['segments'],
  request: z.object({}),
  responses: {
    200: {
      description: 'Every segment, empty ones included, with its current size.',
      body: SegmentListSchema,
    },
  },
} satisfies ApiOperation;
