import * as z from 'zod';

/**
 * One committed change of the customer-360 table, as the stream delivers it, images already
 * unmarshalled. No Lambda types here: the handler maps the Lambda event onto this.
 */
export const ChangeRecordSchema = z.object({
  // Stryker disable next-line StringLiteral: static (the schema is built when the module loads, so Stryker cannot see a test cover it); emptying 'INSERT' or 'REMOVE' fails "accepts inserts, modifications and removals, and nothing else" when applied by hand
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  /** Unique per shard and increasing: with the item key it identifies the change. */
  sequenceNumber: z.string().min(1),
  /** Commit time, epoch seconds. */
  approximateCreationDateTime: z.number().optional(),
  keys: z.object({ pk: z.string(), sk: z.string() }),
  newImage: z.record(z.string(), z.unknown()).optional(),
  oldImage: z.record(z.string(), z.unknown()).optional(),
});
export type ChangeRecord = z.infer<typeof ChangeRecordSchema>;

/**
 * Is this record write no news? A merge or unmerge moving a record (`move`), and a version written again after
 * an announced plain copy of it was taken back (`repeat`), change nothing the feed has not told.
 */
export const isRewrite = (image: Readonly<Record<string, unknown>>): boolean =>
  image.cause === 'move' || image.cause === 'repeat';
