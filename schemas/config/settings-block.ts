import type { z } from 'zod';
import { ConfigError, formatIssuePath } from './parse-config.ts';

/**
 * A block of business settings a deployment may change (insights thresholds, demand planning, reaction
 * thresholds, the 360 view's limits). One definition serves every place the block is read: the functions read
 * it from their environment variable at cold start, the local hub checks the user's value before it starts,
 * and the CDK stack checks the stage's block of the same name at synth. Every field has a default, so `{}`
 * means "the documented defaults".
 */
export interface SettingsBlock<Schema extends z.ZodType> {
  /** The block's field in a stage's configuration (`insights`, `demand`, …). */
  readonly field: string;
  /** The environment variable holding the block as JSON for the functions that declare it. */
  readonly variable: string;
  /** What the settings are, for messages: `insights settings`. */
  readonly what: string;
  /** A short valid value for messages, e.g. `{"safetyStock":5}`. */
  readonly example: string;
  readonly schema: Schema;
}

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** The variable and what it holds, as messages name it: `insights configuration (HUB_INSIGHTS_CONFIG)`. */
export const settingsSubject = (block: SettingsBlock<z.ZodType>): string =>
  `${block.what} (${block.variable})`;

/** One line per problem: the field, what was expected there and the value found. */
export const describeSettingsIssues = (
  block: SettingsBlock<z.ZodType>,
  error: z.ZodError,
  input: unknown,
  fieldPrefix = '',
): string[] =>
  error.issues.map((issue) => {
    const field = formatIssuePath([...(fieldPrefix ? [fieldPrefix] : []), ...issue.path]) || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const defaults = valueAt(block.schema.parse({}), issue.path);
      const known = Object.keys((defaults as Record<string, unknown> | undefined) ?? {});
      return `${field}: unknown setting(s) ${issue.keys.join(', ')}; expected one of ${known.join(', ')}`;
    }
    return `${field}: ${issue.message} (got ${shown(valueAt(input, issue.path))})`;
  });

/**
 * Validates a block given as a value (a stage's block, tests), naming each wrong field and its value;
 * `fieldPrefix` is where the block sits in a larger configuration (`demand`).
 */
export const parseSettings = <Schema extends z.ZodType>(
  block: SettingsBlock<Schema>,
  input: unknown,
  options: { readonly subject?: string; readonly fieldPrefix?: string } = {},
): z.output<Schema> => {
  const result = block.schema.safeParse(input ?? {});
  if (!result.success) {
    throw new ConfigError(
      options.subject ?? settingsSubject(block),
      describeSettingsIssues(block, result.error, input, options.fieldPrefix),
    );
  }
  return result.data;
};

/**
 * Reads the block's variable once, at start: unset or blank gives every default; otherwise a function's cold
 * start or the local hub's start fails with a {@link ConfigError} naming the field, the value and what was
 * expected, instead of running on settings nobody meant.
 */
export const settingsFromEnv = <Schema extends z.ZodType>(
  block: SettingsBlock<Schema>,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> => {
  const text = env[block.variable];
  if (text === undefined || text.trim() === '') return parseSettings(block, {});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err: unknown) {
    throw new ConfigError(settingsSubject(block), [
      `(root): got ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}, expected a JSON object of ${block.what} (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(settingsSubject(block), [
      `(root): got ${shown(json)}, expected a JSON object such as ${block.example}`,
    ]);
  }
  return parseSettings(block, json);
};
