import * as z from 'zod';
import { type DemandConfig, DemandConfigSchema } from './demand-config.ts';
import { jsonSettingsVariable } from './json-settings-variable.ts';
import { parseConfig } from './parse-config.ts';

/** `HUB_DEMAND_CONFIG`: the demand configuration as JSON (docs/reactions.md); defaults when unset. */
const DemandEnvSchema = z.object({
  HUB_DEMAND_CONFIG: jsonSettingsVariable(DemandConfigSchema, 'demand settings'),
});

/** Reads the demand configuration once, failing fast with the offending field named. */
export const demandConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): DemandConfig =>
  parseConfig(DemandEnvSchema, env, 'demand configuration').HUB_DEMAND_CONFIG;
