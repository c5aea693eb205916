import * as z from 'zod';
import { parseConfig } from './parse-config.ts';
import { type ReactionsConfig, ReactionsConfigSchema } from './reactions-config.ts';

/** `HUB_REACTIONS_CONFIG`: the reaction thresholds as JSON (docs/reactions.md); defaults when unset. */
const ReactionsEnvSchema = z.object({
  HUB_REACTIONS_CONFIG: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of reaction settings' });
        return z.NEVER;
      }
    })
    .pipe(ReactionsConfigSchema),
});

/** Reads the reaction thresholds once, failing fast with the offending field named. */
export const reactionsConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): ReactionsConfig =>
  parseConfig(ReactionsEnvSchema, env, 'reactions configuration').HUB_REACTIONS_CONFIG;
