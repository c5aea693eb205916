import * as z from 'zod';

/**
 * An optional environment variable holding JSON that `schema` checks: unset or blank is `undefined`; text that
 * is not JSON is an issue saying what the variable must be (`expected`), and the parsed value's issues name
 * their fields under the variable. For variables the stack sets on one function (queue names, queue pairs).
 */
export const optionalJsonVariable = <S extends z.ZodType>(schema: S, expected: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be ${expected}` });
        return z.NEVER;
      }
    })
    .pipe(schema.optional());
