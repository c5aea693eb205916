import { DEMAND_SCHEDULE_NAME } from '../../topology/parts/demand.ts';
import { INSIGHTS_SCHEDULE_NAME } from '../../topology/parts/insights.ts';
import type { ScheduleSpec } from '../../topology/schema.ts';

/** The local expressions of the topology's daily runs. */
export interface LocalDailySchedules {
  /** The insights population run (`HUB360_INSIGHTS_SCHEDULE`). */
  readonly insights: string;
  /** The demand re-evaluation (`HUB360_DEMAND_SCHEDULE`). */
  readonly demand: string;
}

/**
 * The topology runs the insights population and the demand re-evaluation daily, right for AWS; locally a day is
 * too long to see a time-driven move, so the local settings replace those two expressions.
 */
export const withLocalDailySchedules = (
  schedules: readonly ScheduleSpec[],
  local: LocalDailySchedules,
): ScheduleSpec[] =>
  schedules.map((s) => {
    if (s.name === INSIGHTS_SCHEDULE_NAME) return { ...s, expression: local.insights };
    if (s.name === DEMAND_SCHEDULE_NAME) return { ...s, expression: local.demand };
    return s;
  });
