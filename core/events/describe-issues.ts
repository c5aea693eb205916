import type { z } from 'zod';

/**
 * The fields an event schema rejected, as a refusal message names them: each field by its dotted path
 * (`invoice.status`) with zod's message, separated by `; `. Shared by the change and the decision mappers so
 * both refuse in the same words.
 */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
