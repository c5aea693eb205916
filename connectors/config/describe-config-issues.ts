import * as z from 'zod';
import { describeIssues } from '../../schemas/config/parse-config.ts';

const shown = (value: unknown): string | undefined => {
  if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/**
 * One line per problem naming the field, what was expected and the value that was given:
 * `oracle-scm.streams.shipments.source.paging.limit: Too big: expected number to be <=10000 (got 50000)`.
 * Parse with `{ reportInput: true }` so the issues carry the value.
 */
export const describeConfigIssues = (error: z.ZodError, prefix = ''): string[] =>
  error.issues.map((issue) => {
    const [line = ''] = describeIssues(new z.ZodError([issue]), prefix);
    const value = shown(issue.input);
    return value === undefined ? line : `${line} (got ${value})`;
  });
