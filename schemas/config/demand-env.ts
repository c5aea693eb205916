import { type DemandConfig, DemandConfigSchema } from './demand-config.ts';
import { type SettingsBlock, settingsFromEnv } from './settings-block.ts';

/**
 * How demand becomes production demand signals (docs/reactions.md): `HUB_DEMAND_CONFIG` as JSON, or a stage's
 * `demand` block, with only the fields that differ from the defaults.
 */
export const demandSettings = {
  field: 'demand',
  variable: 'HUB_DEMAND_CONFIG',
  what: 'demand settings',
  example: '{"quoteWinRate":0.4,"safetyStock":5}',
  schema: DemandConfigSchema,
} as const satisfies SettingsBlock<typeof DemandConfigSchema>;

/** Reads the demand configuration once, at start; defaults when unset (see `settingsFromEnv`). */
export const demandConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): DemandConfig =>
  settingsFromEnv(demandSettings, env);
