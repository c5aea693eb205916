import * as z from 'zod';

/** Overlap and lag of a timestamp-cursor stream; see docs/connectors.md for how to choose them. */
export const IncrementalSettingsSchema = z.strictObject({
  /** Each run re-reads this far behind the watermark, catching rows committed late with an older timestamp. */
  overlapMs: z.number().int().min(0).default(300_000),
  /** Rows newer than now minus this are left for the next run, so rows still being committed are not passed over. */
  lagMs: z.number().int().min(0).default(60_000),
});
export type IncrementalSettings = z.infer<typeof IncrementalSettingsSchema>;

/** A primary key as a tuple of its fields' JSON values (numbers stay numbers: they sort numerically). */
export const KeyTupleSchema = z.array(z.union([z.string(), z.number()])).min(1);
export type KeyTuple = z.infer<typeof KeyTupleSchema>;

/** The last committed record of a run: its cursor (ISO) and key, so a resumed run skips exactly what is stored. */
export const CursorPositionSchema = z.strictObject({ cursor: z.iso.datetime(), key: KeyTupleSchema });
export type CursorPosition = z.infer<typeof CursorPositionSchema>;

/** One run's window: records with `from ≤ cursor ≤ upTo`, read in (cursor, key) order. */
export const CursorWindowSchema = z.strictObject({
  from: z.iso.datetime().optional(),
  upTo: z.iso.datetime(),
  after: CursorPositionSchema.optional(),
});
export type CursorWindow = z.infer<typeof CursorWindowSchema>;

/** The checkpoint of a timestamp-cursor stream. */
export const TimestampCursorStateSchema = z.strictObject({
  /** Everything up to this instant is committed (late rows aside, which the overlap re-reads). */
  watermark: z.iso.datetime().optional(),
  /** A run that has not finished its window yet; the next invocation resumes it. */
  run: CursorWindowSchema.optional(),
});
export type TimestampCursorState = z.infer<typeof TimestampCursorStateSchema>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The window to read now: an unfinished run is resumed as it was planned; otherwise a new run starts at
 * the watermark minus the overlap and ends at now minus the lag.
 */
export const planWindow = (
  state: TimestampCursorState | undefined,
  settings: IncrementalSettings,
  now: number,
): CursorWindow => {
  if (state?.run) return state.run;
  const upTo = iso(now - settings.lagMs);
  if (!state?.watermark) return { upTo };
  const from = Date.parse(state.watermark) - settings.overlapMs;
  return { from: iso(Math.min(from, Date.parse(upTo))), upTo };
};

/**
 * Orders keys the way sources sort them (`$orderby` on the key fields): field by field, numbers
 * numerically, strings by code unit as OData and SQL collations without locale do.
 */
export const compareKeys = (a: KeyTuple, b: KeyTuple): number => {
  // Stryker disable next-line EqualityOperator: one step past both ends reads two undefined fields, which are equal and continue.
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number')
      // Stryker disable next-line EqualityOperator: x !== y here (equal fields continued above), so `<` and `<=` agree.
      return x < y ? -1 : 1;
    const textX = String(x);
    const textY = String(y);
    if (textX < textY) return -1;
    if (textX > textY) return 1;
    // The same digits as a number and as text (5 and '5'): the number first, so the order stays total.
    return typeof x === 'number' ? -1 : 1;
  }
  return 0;
};

/** Whether a record was already committed by this run: at or before the last committed (cursor, key). */
export const isCommitted = (after: CursorPosition | undefined, cursorMs: number, key: KeyTuple): boolean => {
  if (!after) return false;
  const afterMs = Date.parse(after.cursor);
  if (cursorMs !== afterMs)
    // Stryker disable next-line EqualityOperator: the two instants differ here, so `<` and `<=` agree.
    return cursorMs < afterMs;
  return compareKeys(key, after.key) <= 0;
};

/** Whether (cursor, key) comes after a position in read order. */
export const isAfter = (position: CursorPosition | undefined, cursorMs: number, key: KeyTuple): boolean => {
  if (!position) return true;
  const at = Date.parse(position.cursor);
  return cursorMs > at || (cursorMs === at && compareKeys(key, position.key) > 0);
};

/** How finely a source can filter its cursor: some (SAP `LastChangeDate`) only by calendar day. */
export const CursorGranularitySchema = z.enum(['instant', 'day']);
export type CursorGranularity = z.infer<typeof CursorGranularitySchema>;

/** A lower bound the source can filter on: day-granular cursors start at midnight UTC, so nothing is cut off. */
export const truncateToGranularity = (iso: string, granularity: CursorGranularity): string =>
  granularity === 'day' ? `${iso.slice(0, 10)}T00:00:00.000Z` : iso;

/** The lower bound a query of this window filters on: the resume position's cursor, or the window's start. */
export const queryLowerBound = (window: CursorWindow): string | undefined =>
  window.after?.cursor ?? window.from;

/** The checkpoint after a page whose last record sits at `position`. */
export const advanceRun = (
  state: TimestampCursorState | undefined,
  window: CursorWindow,
  position: CursorPosition | undefined,
): TimestampCursorState => ({
  ...(state?.watermark ? { watermark: state.watermark } : {}),
  run: { ...window, ...(position ? { after: position } : {}) },
});

/** The checkpoint once a window is read to its end: the watermark moves to the window's upper bound. */
export const completeRun = (window: CursorWindow): TimestampCursorState => ({ watermark: window.upTo });

/** Epoch ms of the watermark (or the resumed run's position), for the lag metric. */
export const timestampWatermark = (state: TimestampCursorState): number | undefined => {
  const at = state.run?.after?.cursor ?? state.watermark;
  return at === undefined ? undefined : Date.parse(at);
};
