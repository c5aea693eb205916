import { DEMAND_SCHEDULE_NAME } from '../../topology/parts/demand.ts';
import { INSIGHTS_SCHEDULE_NAME } from '../../topology/parts/insights.ts';
import { COVERAGE_SCHEDULE_NAME } from '../../topology/parts/reaction-rules.ts';
import type { ScheduleSpec } from '../../topology/schema.ts';

/** The local expressions of the topology's daily runs. */
export interface LocalDailySchedules {
  /** The insights population run (`HUB360_INSIGHTS_SCHEDULE`). */
  readonly insights: string;
  /** The demand re-evaluation (`HUB360_DEMAND_SCHEDULE`). */
  readonly demand: string;
  /** The coverage sweep (`HUB360_COVERAGE_SCHEDULE`). */
  readonly coverage: string;
}

/**
 * The topology runs the insights population, the demand re-evaluation and the coverage sweep daily, right for AWS;
 * locally a day is too long to see a time-driven move, so the local settings replace those three expressions.
 */
export const withLocalDailySchedules = (
  schedules: readonly ScheduleSpec[],
  local: LocalDailySchedules,
): ScheduleSpec[] =>
  schedules.map((s) => {
    if (s.name === INSIGHTS_SCHEDULE_NAME) return { ...s, expression: local.insights };
    if (s.name === DEMAND_SCHEDULE_NAME) return { ...s, expression: local.demand };
    if (s.name === COVERAGE_SCHEDULE_NAME) return { ...s, expression: local.coverage };
    return s;
  });
