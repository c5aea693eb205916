/**
 * The interval of a `rate()` schedule in seconds; `undefined` for `cron()` expressions, whose gaps vary
 * (callers fall back to a conservative default instead of guessing).
 */
export const schedulePeriodSeconds = (expression: string): number | undefined => {
  const match = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 'minutes';
  const seconds = unit.startsWith('minute') ? 60 : unit.startsWith('hour') ? 3600 : 86_400;
  return amount * seconds;
};
