import * as z from 'zod';

/**
 * Why a record is history rather than news: written by a stream's initial load (no checkpoint yet), a
 * `--full` resync, or a replay. Stored on the record's item, announced as the event's `metadata.backfill`.
 */
export const BackfillKindSchema = z.enum(['initialLoad', 'fullResync', 'replay']);
export type BackfillKind = z.infer<typeof BackfillKindSchema>;
