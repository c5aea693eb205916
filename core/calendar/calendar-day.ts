/**
 * Calendar days as ISO dates (`2026-03-01`), in UTC. Planning works in whole days; keeping them as
 * strings avoids time-zone drift between the hub, the ERP and the tests.
 */
export const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant. */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** Days since 1970-01-01 of an ISO date or date-time. */
export const dayNumber = (isoDateOrDateTime: string): number => {
  const ms = Date.parse(
    isoDateOrDateTime.length === 10 ? `${isoDateOrDateTime}T00:00:00Z` : isoDateOrDateTime,
  );
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${isoDateOrDateTime}`);
  return Math.floor(ms / DAY_MS);
};

export const dayFromNumber = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (isoDate: string, days: number): string => dayFromNumber(dayNumber(isoDate) + days);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** 1970-01-05 was a Monday: periods are anchored there, so weekly periods run Monday to Sunday. */
const MONDAY_ANCHOR = 4;

/** The planning period (of `periodDays` days, anchored on a Monday) that contains a day. */
export const periodOf = (isoDate: string, periodDays: number): { start: string; end: string } => {
  const day = dayNumber(isoDate);
  const offset = (((day - MONDAY_ANCHOR) % periodDays) + periodDays) % periodDays;
  const start = day - offset;
  return { start: dayFromNumber(start), end: dayFromNumber(start + periodDays - 1) };
};
