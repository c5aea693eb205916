import { type ViewLimits, ViewLimitsSchema } from '../../../schemas/config/view-limits.ts';
import type { ViewSection } from './view-state.ts';

export type { ViewLimits, ViewLimitsInput } from '../../../schemas/config/view-limits.ts';

/** The documented limits: 20 recent items per list, 50 open ones, ≤ 56 KB of sections in all. */
export const DEFAULT_VIEW_LIMITS: ViewLimits = ViewLimitsSchema.parse({});

export const sectionBudget = (limits: ViewLimits, section: ViewSection): number =>
  limits.sectionBytes[section];
