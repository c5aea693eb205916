import type { Cron } from 'croner';
import { nextAwsCronTime, parseAwsCron } from './aws-cron.ts';

/**
 * EventBridge Scheduler expressions, evaluated in UTC: `rate(value unit)` and
 * `cron(minutes hours day-of-month month day-of-week year)` with `, - * ? / L W #` (on croner, see aws-cron.ts).
 */

export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';
  constructor(expression: string, problem: string) {
    super(`Invalid schedule expression "${expression}": ${problem}`);
  }
}

export type ParsedSchedule = { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: Cron };

// Seconds are local only (the fast-poll setting); EventBridge Scheduler's rates start at one minute.
const UNIT_MS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Parses an expression once (at start-up, so mistakes stop the runtime with the schedule named). */
export const parseScheduleExpression = (expression: string): ParsedSchedule => {
  const fail = (problem: string): never => {
    throw new InvalidScheduleExpressionError(expression, problem);
  };
  const rate = /^rate\(\s*(\d+)\s+(second|seconds|minute|minutes|hour|hours|day|days)\s*\)$/.exec(
    expression.trim(),
  );
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) fail('the rate must be a positive number');
    if (value === 1 && unit.endsWith('s'))
      fail(`use the singular unit for 1 ("rate(1 ${unit.slice(0, -1)})")`);
    if (value > 1 && !unit.endsWith('s'))
      fail(`use the plural unit for ${value} ("rate(${value} ${unit}s)")`);
    const base = unit.replace(/s$/, '') as keyof typeof UNIT_MS;
    return { kind: 'rate', everyMs: value * UNIT_MS[base] };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) return fail('expected rate(...) or cron(...)');
  return { kind: 'cron', cron: parseAwsCron(cron[1] ?? '', fail) };
};

/** The next fire time of a parsed schedule; rate schedules count from `anchor` (when the schedule started). */
export const nextFireTime = (schedule: ParsedSchedule, after: Date, anchor: Date): Date | undefined => {
  if (schedule.kind === 'cron') return nextAwsCronTime(schedule.cron, after);
  const elapsed = Math.max(0, after.getTime() - anchor.getTime());
  return new Date(anchor.getTime() + (Math.floor(elapsed / schedule.everyMs) + 1) * schedule.everyMs);
};
