import * as z from 'zod';

/**
 * An EventBridge Scheduler expression: `rate(5 minutes)` or `cron(0/5 * * * ? *)`. Shared by the topology's
 * schedules and the connector instances' `schedule` setting, so both accept exactly what AWS accepts.
 */
export const ScheduleExpressionSchema = z
  .string()
  .regex(
    /^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/,
    'must be rate(<n> minute[s]|hour[s]|day[s]) or cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)',
  );
