import type { z } from 'zod';

/** A configuration value that does not match its schema; the message names every offending field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${subject}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Renders a zod issue path the way a person would write it: `rules[2].targets[0].function`. */
export const formatIssuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return acc === '' ? name : `${acc}.${name}`;
  }, '');

/** One readable line per issue: `<field>: <what was expected>`. */
export const describeIssues = (error: z.ZodError, prefix = ''): string[] =>
  error.issues.map((issue) => {
    const field = formatIssuePath([...(prefix ? [prefix] : []), ...issue.path]);
    return `${field || '(root)'}: ${issue.message}`;
  });

/** Parses configuration once and fails fast with a {@link ConfigError} naming each field. */
export const parseConfig = <S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigError(subject, describeIssues(result.error));
  return result.data;
};
