import * as z from 'zod';
import type { OperationResponse } from '../operation.ts';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '../problem.ts';

/** A documented problem response. */
export const problem = (description: string, headers?: z.ZodObject): OperationResponse => ({
  description,
  body: ProblemSchema,
  mediaType: PROBLEM_MEDIA_TYPE,
  ...(headers ? { headers } : {}),
});

/** The answer for a customer id that was merged into another one, on a safe (GET) request. */
export const mergedRedirect = problem(
  'The customer was merged into another one: `Location` and `survivorId` name the surviving customer.',
  z.object({ location: z.string().meta({ description: 'The same resource for the surviving customer.' }) }),
);

/** The answer for a merged-away id on a request that changes something: no redirect, a pointer. */
export const mergedConflict = problem(
  'The customer was merged into another one (`survivorId`); repeat the request for that id if meant.',
);

export const customerNotFound = problem('No customer has this id.');
export const customerErased = problem('The customer was erased.');
