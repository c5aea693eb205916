import { INSIGHTS_SCHEDULE_NAME } from '../../topology/parts/insights.ts';
import type { ScheduleSpec } from '../../topology/schema.ts';

/**
 * The topology runs the insights population daily, right for AWS; locally a day is too long to see a
 * time-driven move, so the local setting (`HUB360_INSIGHTS_SCHEDULE`) replaces that one expression.
 */
export const withLocalInsightsSchedule = (
  schedules: readonly ScheduleSpec[],
  expression: string,
): ScheduleSpec[] => schedules.map((s) => (s.name === INSIGHTS_SCHEDULE_NAME ? { ...s, expression } : s));
