import * as z from 'zod';

/** One problem with a request, as listed in a 400 response. */
export const RequestProblemSchema = z
  .object({
    in: z.enum(['path', 'query', 'header', 'body']),
    field: z.string().meta({ description: 'The offending field, e.g. `limit` or `items[2].sku`.' }),
    detail: z.string(),
  })
  .meta({ id: 'RequestProblem' });
export type RequestProblemBody = z.infer<typeof RequestProblemSchema>;

/**
 * RFC 9457 problem details, the body of every error response (`application/problem+json`). `errors`
 * lists each problem of a 400; `survivorId` names the surviving customer when an id was merged away.
 */
export const ProblemSchema = z
  .object({
    type: z.string().meta({
      description: 'A URI identifying the kind of problem, e.g. `urn:hub360:problem:invalid-request`.',
    }),
    title: z.string(),
    status: z.number().int().min(100).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'The request path the problem occurred on.' }),
    errors: z.array(RequestProblemSchema).optional(),
    survivorId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** The media type of problem responses (RFC 9457 §3). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
