import { type ReactionsConfig, ReactionsConfigSchema } from './reactions-config.ts';
import { type SettingsBlock, settingsFromEnv } from './settings-block.ts';

/**
 * The thresholds of the reactions besides demand (docs/reactions.md): `HUB_REACTIONS_CONFIG` as JSON, or a
 * stage's `reactions` block. The decisions and the outcome report read the same value.
 */
export const reactionsSettings = {
  field: 'reactions',
  variable: 'HUB_REACTIONS_CONFIG',
  what: 'reaction settings',
  example: '{"complaintThreshold":5}',
  schema: ReactionsConfigSchema,
} as const satisfies SettingsBlock<typeof ReactionsConfigSchema>;

/** Reads the reaction thresholds once, at start; defaults when unset (see `settingsFromEnv`). */
export const reactionsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ReactionsConfig =>
  settingsFromEnv(reactionsSettings, env);
