/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;

/**
 * The simulated systems' "now" as a Date; injectable so tests control every timestamp the sandbox writes.
 * Deliberately not the hub's `Clock` (core/ports/clock.ts): that one also sleeps and drives retries and
 * rate budgets, while the sandbox only stamps the records its fake legacy systems produce.
 */
export type SimulatedNow = () => Date;

/** Midnight UTC of the given instant (SAP `Edm.DateTime` date-only fields). */
export const startOfUtcDay = (date: Date): Date => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);

/** SAP `Edm.Time` of the instant's UTC time of day, zero-padded so strings compare in order: `PT09H05M07S`. */
export const edmTimeOf = (date: Date): string => {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `PT${pad(date.getUTCHours())}H${pad(date.getUTCMinutes())}M${pad(date.getUTCSeconds())}S`;
};

/** `date` shifted by a number of milliseconds. */
export const shift = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** The earlier of two instants. */
export const earliest = (left: Date, right: Date): Date => (left.getTime() <= right.getTime() ? left : right);
