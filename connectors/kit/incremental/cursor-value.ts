import * as z from 'zod';

/** How a source writes its last-changed timestamps in JSON. */
export const CursorFormatSchema = z.enum([
  /** ISO 8601 with offset or `Z` (OData v4, Oracle REST, Segment). */
  'iso',
  /** OData v2 JSON dates: `/Date(1700000000000)/` or `/Date(1700000000000+0060)/` (UTC ms, the offset is informational). */
  'odata-v2-date',
  /** Milliseconds since the epoch, as a number or a numeric string. */
  'epoch-ms',
]);
export type CursorFormat = z.infer<typeof CursorFormatSchema>;

const v2Date = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/** Parses a cursor value to epoch ms; `undefined` when it is missing or unreadable (the record gets quarantined). */
export const parseCursorValue = (value: unknown, format: CursorFormat): number | undefined => {
  switch (format) {
    case 'iso': {
      if (typeof value !== 'string') return undefined;
      // A bare local date-time (OData Edm.DateTime) is taken as UTC, as SAP stores it.
      // Stryker disable next-line Regex: equivalent in a process that runs in UTC (Lambda, CI, and Stryker's test runner, whose worker threads do not apply a changed TZ); kit-review-edges.test.ts kills both mutants in the suite's per-file processes, where it runs these reads in New York and Tokyo.
      const text = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? undefined : ms;
    }
    case 'odata-v2-date': {
      if (typeof value !== 'string') return undefined;
      const match = v2Date.exec(value);
      if (match?.[1]) return Number(match[1]);
      return parseCursorValue(value, 'iso');
    }
    case 'epoch-ms': {
      const ms = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      return Number.isFinite(ms) ? ms : undefined;
    }
  }
};

const edmTime = /^PT(\d{1,2})H(\d{1,2})M(\d{1,2}(?:\.\d+)?)S$/;

/** Milliseconds into the day of an OData `Edm.Time` (`PT09H05M07S`) or `HH:MM:SS` value. */
export const parseTimeOfDay = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const match = edmTime.exec(value) ?? /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!match) return undefined;
  return (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1000;
};
