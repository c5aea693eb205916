/**
 * Day arithmetic on ISO strings, in UTC, so every insight is reproducible whatever the machine's
 * time zone. A date-time counts on the UTC day it falls on.
 */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of an ISO date or date-time; throws on text that is not a date. */
export const dayNumber = (iso: string): number => {
  const ms = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date or date-time: ${JSON.stringify(iso)}`);
  return Math.floor(ms / DAY_MS);
};

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The UTC calendar date (YYYY-MM-DD) of an ISO date-time. */
export const isoDay = (iso: string): string => new Date(dayNumber(iso) * DAY_MS).toISOString().slice(0, 10);

/** The day number `months` calendar months before `now` (day of month clamped, e.g. 31 Mar → 28/29 Feb). */
export const monthsBefore = (now: string, months: number): number => {
  const [y, m, d] = isoDay(now).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return Math.floor(target.getTime() / DAY_MS);
};

/** The later of two ISO instants (as written). */
export const laterOf = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Compares ISO instants chronologically (not lexically: offsets differ between sources). */
export const compareInstants = (a: string, b: string): number => Date.parse(a) - Date.parse(b);
