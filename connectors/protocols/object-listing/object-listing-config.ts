import * as z from 'zod';

/** Gzip (or plain) JSON-lines objects under a date-partitioned prefix, read in key order. */
export const ObjectListingStreamConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be a stream name such as events'),
  /** Key prefix, e.g. `segment-logs/<source-id>/`; objects sort by key within it. */
  prefix: z.string().min(1),
  /** Field that identifies a record (`messageId`), so re-reads upsert rather than duplicate. */
  keyField: z.string().min(1),
  /** Lines per page (and per checkpoint) within an object. @default 500 */
  pageSize: z.number().int().min(1).max(10_000).default(500),
  /** Objects written less than this long ago are left for the next run, in case a writer is not atomic. */
  lagMs: z.number().int().min(0).default(0),
  /**
   * Objects can land late under an older key (a delayed Segment batch). Each run lists again from this far
   * behind the newest key read (by the epoch-ms partition in the key) and reads what it has not read yet.
   * @default 21600000 (6 hours)
   */
  lookbackMs: z
    .number()
    .int()
    .min(0)
    .default(6 * 3_600_000),
});
export type ObjectListingStreamConfig = z.infer<typeof ObjectListingStreamConfigSchema>;
export type ObjectListingStreamConfigInput = z.input<typeof ObjectListingStreamConfigSchema>;

/** Checkpoint: the last object fully read, and how far into the next one a stopped run got. */
export const ObjectListingStateSchema = z.strictObject({
  /** The highest key fully read. */
  lastKey: z.string().optional(),
  partial: z.strictObject({ key: z.string(), lines: z.number().int().min(0) }).optional(),
  /** Keys fully read within the lookback window, so a re-listing skips them. */
  seen: z.array(z.string()).default([]),
});
export type ObjectListingState = z.infer<typeof ObjectListingStateSchema>;
