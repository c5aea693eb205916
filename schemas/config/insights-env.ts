import type { z } from 'zod';
import { type InsightsConfig, InsightsConfigSchema } from './insights-config.ts';
import { ConfigError, formatIssuePath } from './parse-config.ts';

/**
 * The environment variable holding the insights thresholds as JSON (docs/insights.md, "Configuration"):
 * only the fields that differ from the defaults, e.g. `{"lifecycle":{"dormantMinIdleDays":240}}`. Unset or
 * empty means every default.
 */
export const INSIGHTS_CONFIG_VARIABLE = 'HUB_INSIGHTS_CONFIG';

const SUBJECT = `insights configuration (${INSIGHTS_CONFIG_VARIABLE})`;

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** One line per problem: the field, what was expected there and the value found. */
export const describeInsightsConfigIssues = (error: z.ZodError, input: unknown, fieldPrefix = ''): string[] =>
  error.issues.map((issue) => {
    const field = formatIssuePath([...(fieldPrefix ? [fieldPrefix] : []), ...issue.path]) || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(
        (valueAt(InsightsConfigSchema.parse({}), issue.path) as Record<string, unknown> | undefined) ?? {},
      );
      return `${field}: unknown setting(s) ${issue.keys.join(', ')}; expected one of ${known.join(', ')}`;
    }
    return `${field}: ${issue.message} (got ${shown(valueAt(input, issue.path))})`;
  });

/**
 * Validates insights settings given as a value (the CDK stage's `insights` block, tests), naming each wrong
 * field and its value; `fieldPrefix` is where the block sits in a larger configuration (`insights`).
 */
export const parseInsightsConfig = (
  input: unknown,
  options: { readonly subject?: string; readonly fieldPrefix?: string } = {},
): InsightsConfig => {
  const result = InsightsConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    throw new ConfigError(
      options.subject ?? SUBJECT,
      describeInsightsConfigIssues(result.error, input, options.fieldPrefix),
    );
  }
  return result.data;
};

/**
 * Reads `HUB_INSIGHTS_CONFIG` once, at start: a function's cold start or the local hub's start fails with a
 * {@link ConfigError} that names the field, the value and what was expected, instead of running on
 * thresholds nobody meant.
 */
export const insightsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): InsightsConfig => {
  const text = env[INSIGHTS_CONFIG_VARIABLE];
  if (text === undefined || text.trim() === '') return parseInsightsConfig({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err: unknown) {
    throw new ConfigError(SUBJECT, [
      `(root): got ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}, expected a JSON object of insights settings (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(SUBJECT, [
      `(root): got ${shown(json)}, expected a JSON object such as {"lifecycle":{"dormantMinIdleDays":240}}`,
    ]);
  }
  return parseInsightsConfig(json);
};
