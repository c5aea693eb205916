import * as z from 'zod';
import { jsonSettingsVariable } from './json-settings-variable.ts';
import { parseConfig } from './parse-config.ts';
import { type ViewLimits, ViewLimitsSchema } from './view-limits.ts';

/** `HUB_VIEW_LIMITS`: what the customer-360 view keeps, as JSON (docs/table-design.md); defaults when unset. */
const ViewEnvSchema = z.object({
  HUB_VIEW_LIMITS: jsonSettingsVariable(ViewLimitsSchema, 'customer-360 view limits'),
});

/** Reads the view limits once, failing fast with the offending field named. */
export const viewLimitsFromEnv = (env: NodeJS.ProcessEnv = process.env): ViewLimits =>
  parseConfig(ViewEnvSchema, env, 'customer-360 view limits').HUB_VIEW_LIMITS;
