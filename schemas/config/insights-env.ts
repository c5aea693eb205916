import { type InsightsConfig, InsightsConfigSchema } from './insights-config.ts';
import { parseSettings, type SettingsBlock, settingsFromEnv } from './settings-block.ts';

/**
 * The insights thresholds (docs/insights.md, "Configuration"): `HUB_INSIGHTS_CONFIG` as JSON, or a stage's
 * `insights` block, with only the fields that differ from the defaults, e.g.
 * `{"lifecycle":{"dormantMinIdleDays":240}}`.
 */
export const insightsSettings = {
  field: 'insights',
  variable: 'HUB_INSIGHTS_CONFIG',
  what: 'insights settings',
  example: '{"lifecycle":{"dormantMinIdleDays":240}}',
  schema: InsightsConfigSchema,
} as const satisfies SettingsBlock<typeof InsightsConfigSchema>;

export const INSIGHTS_CONFIG_VARIABLE = insightsSettings.variable;

/** Validates insights settings given as a value, naming each wrong field and its value. */
export const parseInsightsConfig = (
  input: unknown,
  options: { readonly subject?: string; readonly fieldPrefix?: string } = {},
): InsightsConfig => parseSettings(insightsSettings, input, options);

/** Reads `HUB_INSIGHTS_CONFIG` once, at start; defaults when unset (see `settingsFromEnv`). */
export const insightsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): InsightsConfig =>
  settingsFromEnv(insightsSettings, env);
