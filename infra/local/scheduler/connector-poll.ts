import type { ScheduleSpec } from '../../topology/schema.ts';

/** A schedule that syncs a connector instance (its input names the instance). */
const isConnectorSync = (schedule: ScheduleSpec): boolean => typeof schedule.input.connector === 'string';

/**
 * Connector instances sync every few minutes (their presets' schedules, right for AWS and its costs);
 * locally that makes a source change wait minutes before the hub sees it. The local fast-poll setting
 * (`HUB360_CONNECTOR_POLL_SECONDS`) replaces every connector sync's expression with a rate in seconds,
 * which only the local scheduler understands; without it the schedules stay as configured.
 */
export const withLocalConnectorPoll = (
  schedules: readonly ScheduleSpec[],
  seconds: number | undefined,
): ScheduleSpec[] =>
  seconds === undefined
    ? [...schedules]
    : schedules.map((s) =>
        isConnectorSync(s)
          ? { ...s, expression: `rate(${seconds} ${seconds === 1 ? 'second' : 'seconds'})` }
          : s,
      );
