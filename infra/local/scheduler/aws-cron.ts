import { Cron } from 'croner';

/**
 * AWS's cron dialect (EventBridge rules and Scheduler) on croner. AWS has six fields
 * (minutes hours day-of-month month day-of-week year), weekdays 1-7 = SUN-SAT and requires `?` in exactly
 * one day field; croner evaluates the matching; this adapter only checks what croner would accept but AWS
 * would not, and translates the fields into croner's seven-field pattern (seconds first).
 */

/** AWS's own limits that croner is more lenient about (croner accepts years 1-9999 and weekday 8). */
const YEAR_RANGE = { min: 1970, max: 2199 } as const;
const WEEKDAY_RANGE = { min: 1, max: 7 } as const;
// Checked here because croner reports month 13 as "Invalid value for month: 12" (it counts from 0).
const MONTH_RANGE = { min: 1, max: 12 } as const;

// Croner's options for AWS semantics: Quartz weekdays (1 = SUN), a year field, `0/15` steps, and AND of the
// day fields (safe because one of them is always `?`, a wildcard to croner).
const CRONER_OPTIONS = {
  timezone: 'Etc/UTC',
  mode: '7-part',
  alternativeWeekdays: true,
  domAndDow: true,
  sloppyRanges: true,
} as const;

const numbersIn = (field: string) => (field.match(/\d+/g) ?? []).map(Number);

const checkRange = (
  field: string,
  name: string,
  range: { readonly min: number; readonly max: number },
  fail: (problem: string) => never,
) => {
  for (const part of field.split(',')) {
    // After `/` comes an increment, not a value.
    const [values = ''] = part.split('/');
    for (const value of numbersIn(values))
      if (value < range.min || value > range.max)
        fail(`${name} "${value}" is outside ${range.min}-${range.max}`);
  }
};

/** AWS's day-of-week field in croner's spelling: `L` alone is the last day of the week (SAT = 7). */
const dayOfWeekForCroner = (field: string) => (field === 'L' ? '7' : field);

/**
 * Parses the inside of `cron(...)`; `fail` throws the caller's error naming the whole expression.
 * Returns croner's evaluator (no timer: the local scheduler arms its own).
 */
export const parseAwsCron = (fieldsText: string, fail: (problem: string) => never): Cron => {
  const fields = fieldsText.trim().split(/\s+/);
  if (fields.length !== 6)
    fail(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?'))
    fail('exactly one of day-of-month and day-of-week must be "?"');
  if (dayOfWeek.includes('#') && dayOfWeek.includes(','))
    fail(`day-of-week "${dayOfWeek}" may hold only one expression when it uses "#"`);
  // The part after `#` is an occurrence (1-5), not a weekday; croner checks it.
  checkRange(dayOfWeek.replace(/#\d+/g, ''), 'day-of-week', WEEKDAY_RANGE, fail);
  checkRange(month, 'month', MONTH_RANGE, fail);
  checkRange(year, 'year', YEAR_RANGE, fail);
  const pattern = ['0', minutes, hours, dayOfMonth, month, dayOfWeekForCroner(dayOfWeek), year].join(' ');
  try {
    return new Cron(pattern, CRONER_OPTIONS);
  } catch (err: unknown) {
    // Croner names the field and value ("CronPattern: Invalid value for minute: 60"); keep that, drop its prefix.
    return fail(String(err instanceof Error ? err.message : err).replace(/^CronPattern:\s*/, ''));
  }
};

/** The first fire time strictly after `after`, or undefined when the expression never fires again. */
export const nextAwsCronTime = (cron: Cron, after: Date): Date | undefined =>
  cron.nextRun(after) ?? undefined;
