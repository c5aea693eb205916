/**
 * EventBridge Scheduler expressions, evaluated in UTC: `rate(value unit)` and
 * `cron(minutes hours day-of-month month day-of-week year)` with `, - * ? / L W #`.
 */

export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';
  constructor(expression: string, problem: string) {
    super(`Invalid schedule expression "${expression}": ${problem}`);
  }
}

export type ParsedSchedule = { kind: 'rate'; everyMs: number } | { kind: 'cron'; cron: CronFields };

interface CronFields {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  /** Day-of-month rule, or undefined when the field is `?`. */
  readonly dayOfMonth: ((date: Date) => boolean) | undefined;
  /** Day-of-week rule, or undefined when the field is `?`. */
  readonly dayOfWeek: ((date: Date) => boolean) | undefined;
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Expands `*`, `a-b`, `a/n`, `*\/n`, `a-b/n` and lists within [min, max]; names map to numbers. */
const expandSet = (
  field: string,
  min: number,
  max: number,
  fail: (p: string) => never,
  names: string[] = [],
) => {
  const toNumber = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const value = named >= 0 ? named + 1 : Number(token);
    if (!Number.isInteger(value) || value < min || value > max) fail(`"${token}" is outside ${min}-${max}`);
    return value;
  };
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail(`bad increment in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [toNumber(a), toNumber(b)];
      if (from > to) fail(`range "${range}" runs backwards`);
    } else {
      from = toNumber(range);
      to = stepText === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
};

const nearestWeekday = (year: number, month: number, day: number): number => {
  const last = daysInMonth(year, month);
  const target = Math.min(day, last);
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
};

const parseDayOfMonth = (field: string, fail: (p: string) => never) => {
  if (field === '?') return undefined;
  if (field === 'L')
    return (d: Date) => d.getUTCDate() === daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    const day = Number(weekday[1]);
    if (day < 1 || day > 31) fail(`"${field}" is outside 1-31`);
    return (d: Date) => d.getUTCDate() === nearestWeekday(d.getUTCFullYear(), d.getUTCMonth() + 1, day);
  }
  const days = expandSet(field, 1, 31, fail);
  return (d: Date) => days.has(d.getUTCDate());
};

const parseDayOfWeek = (field: string, fail: (p: string) => never) => {
  if (field === '?') return undefined;
  const dayNumber = (token: string) => expandSet(token, 1, 7, fail, DAYS).values().next().value ?? 1;
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth?.[1] && nth[2]) {
    const weekday = dayNumber(nth[1]) - 1;
    const occurrence = Number(nth[2]);
    return (d: Date) => d.getUTCDay() === weekday && Math.ceil(d.getUTCDate() / 7) === occurrence;
  }
  const last = /^(\w*)L$/.exec(field);
  if (last) {
    const weekday = last[1] ? dayNumber(last[1]) - 1 : 6;
    return (d: Date) =>
      d.getUTCDay() === weekday && d.getUTCDate() + 7 > daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
  }
  const days = expandSet(field, 1, 7, fail, DAYS);
  return (d: Date) => days.has(d.getUTCDay() + 1);
};

/** Parses an expression once (at start-up, so mistakes stop the runtime with the schedule named). */
export const parseScheduleExpression = (expression: string): ParsedSchedule => {
  const fail = (problem: string): never => {
    throw new InvalidScheduleExpressionError(expression, problem);
  };
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
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
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6)
    fail(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = fields;
  if ((dom === '?') === (dow === '?')) fail('exactly one of day-of-month and day-of-week must be "?"');
  return {
    kind: 'cron',
    cron: {
      minutes: expandSet(min, 0, 59, fail),
      hours: expandSet(hour, 0, 23, fail),
      months: expandSet(month, 1, 12, fail, MONTHS),
      years: expandSet(year, 1970, 2199, fail),
      dayOfMonth: parseDayOfMonth(dom, fail),
      dayOfWeek: parseDayOfWeek(dow, fail),
    },
  };
};

/** The first cron fire time strictly after `after`, or undefined if the expression never fires again. */
export const nextCronTime = (cron: CronFields, after: Date): Date | undefined => {
  const start = new Date(after.getTime());
  start.setUTCSeconds(0, 0);
  start.setUTCMinutes(start.getUTCMinutes() + 1);
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  const hoursSorted = [...cron.hours].sort((a, b) => a - b);
  const minutesSorted = [...cron.minutes].sort((a, b) => a - b);
  const lastYear = Math.max(...cron.years);
  for (let i = 0; i < 366 * 30; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!cron.years.has(day.getUTCFullYear())) {
      if (day.getUTCFullYear() > lastYear) return undefined;
      continue;
    }
    if (!cron.months.has(day.getUTCMonth() + 1)) continue;
    if (cron.dayOfMonth && !cron.dayOfMonth(day)) continue;
    if (cron.dayOfWeek && !cron.dayOfWeek(day)) continue;
    for (const hour of hoursSorted) {
      for (const minute of minutesSorted) {
        const candidate = new Date(day.getTime() + hour * 3_600_000 + minute * 60_000);
        if (candidate >= start) return candidate;
      }
    }
  }
  return undefined;
};

/** The next fire time of a parsed schedule; rate schedules count from `anchor` (when the schedule started). */
export const nextFireTime = (schedule: ParsedSchedule, after: Date, anchor: Date): Date | undefined => {
  if (schedule.kind === 'cron') return nextCronTime(schedule.cron, after);
  const elapsed = Math.max(0, after.getTime() - anchor.getTime());
  return new Date(anchor.getTime() + (Math.floor(elapsed / schedule.everyMs) + 1) * schedule.everyMs);
};
