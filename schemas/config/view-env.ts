import { type SettingsBlock, settingsFromEnv } from './settings-block.ts';
import { type ViewLimits, ViewLimitsSchema } from './view-limits.ts';

/**
 * What the customer-360 view keeps (docs/table-design.md): `HUB_VIEW_LIMITS` as JSON, or a stage's
 * `viewLimits` block.
 */
export const viewLimitSettings = {
  field: 'viewLimits',
  variable: 'HUB_VIEW_LIMITS',
  what: 'customer-360 view limits',
  example: '{"recentItems":30}',
  schema: ViewLimitsSchema,
} as const satisfies SettingsBlock<typeof ViewLimitsSchema>;

/** Reads the view limits once, at start; defaults when unset (see `settingsFromEnv`). */
export const viewLimitsFromEnv = (env: NodeJS.ProcessEnv = process.env): ViewLimits =>
  settingsFromEnv(viewLimitSettings, env);
