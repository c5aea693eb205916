import * as z from 'zod';
import { jsonSettingsVariable } from './json-settings-variable.ts';
import { parseConfig } from './parse-config.ts';
import { type ReactionsConfig, ReactionsConfigSchema } from './reactions-config.ts';

/** `HUB_REACTIONS_CONFIG`: the reaction thresholds as JSON (docs/reactions.md); defaults when unset. */
const ReactionsEnvSchema = z.object({
  HUB_REACTIONS_CONFIG: jsonSettingsVariable(ReactionsConfigSchema, 'reaction settings'),
});

/** Reads the reaction thresholds once, failing fast with the offending field named. */
export const reactionsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ReactionsConfig =>
  parseConfig(ReactionsEnvSchema, env, 'reactions configuration').HUB_REACTIONS_CONFIG;
