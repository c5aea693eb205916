import * as z from 'zod';
import type { Item } from './record-items.ts';

/**
 * The bookkeeping items identity resolution reads before it writes. They are parsed on the way in:
 * an item that does not match is a bug or foreign data and must fail loudly, not be half-understood.
 */
export const OwnerItemSchema = z.object({
  kind: z.literal('identifier'),
  idKey: z.string(),
  customerId: z.string(),
  /** Customers whose records carry the identifier without owning it (refused links). */
  contestedBy: z.array(z.string()).default([]),
  /**
   * The smallest record key carrying the identifier: exact after a restructuring, the claiming record after a
   * settled claim, and possibly later than the truth (never earlier) once settled writes add carriers. Absent on
   * entries written before it existed. Lets a new record of an entangled customer skip re-resolution
   * (`joinsAsResolved`).
   */
  firstCarrier: z.string().optional(),
});
export type OwnerItem = z.infer<typeof OwnerItemSchema>;

export const SuppressedItemSchema = z.object({ kind: z.literal('suppressed'), suppressedAt: z.string() });

export const LocatorItemSchema = z.object({
  kind: z.literal('locator'),
  recordKey: z.string(),
  versionOrd: z.string(),
  deleted: z.boolean().default(false),
  customerId: z.string().optional(),
  /** Partition key of the record item (absent for a tombstone that was never stored). */
  partition: z.string().optional(),
  linkIds: z.array(z.string()).default([]),
  /** Sort keys of the record's auxiliary items (order lines) in its partition. */
  auxKeys: z.array(z.string()).default([]),
  /** Records an unmerge decided this one must never share a customer with. */
  separateFrom: z.array(z.string()).default([]),
});
export type LocatorItem = z.infer<typeof LocatorItemSchema>;

export const ProfileItemSchema = z.object({
  kind: z.literal('profile'),
  customerId: z.string(),
  status: z.enum(['active', 'merged', 'erased']),
  rev: z.number().int(),
  /** In a conflict or holding a separated record: only the identity restructuring path may add to it. */
  entangled: z.boolean().default(false),
  /** The record that created the customer; an unmerge gives the id back to the part holding it. */
  seedRecord: z.string(),
  createdAt: z.string(),
  mergedInto: z.string().optional(),
  /**
   * Counts settled (fast-path) writes into the customer. They leave `rev` alone so they never block
   * each other, but a restructuring conditions on this count, so a record that arrived after it read
   * the partition makes it re-read instead of leaving the record behind on a merged-away customer.
   */
  writes: z.number().int().optional(),
  /**
   * Set while a restructuring split over several commits is under way (core/ingest/commit-plan.ts): the customer's
   * records may be with it or already on their way to another. Readers that place a record wait; settled writes
   * leave the customer to the restructuring path, which finishes the work of one that stopped. `<startedAt>#<plan id>`.
   */
  restructuring: z.string().optional(),
});
export type ProfileItem = z.infer<typeof ProfileItemSchema>;

/**
 * Held while an erasure runs (core/privacy/erase-customer.ts), with the request it answers, so the store check can
 * finish one that stopped part-way for the same request; an item written before it kept the request has none.
 */
export const ErasureUnderWayItemSchema = z.object({
  kind: z.literal('erasureUnderWay'),
  customerId: z.string(),
  startedAt: z.string(),
  requestedBy: z.string().optional(),
  reason: z.string().optional(),
});
export type ErasureUnderWayItem = z.infer<typeof ErasureUnderWayItemSchema>;

/** Parses a bookkeeping item, naming the item when it does not match. */
export const parseStateItem = <S extends z.ZodType>(schema: S, item: Item): z.output<S> => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    throw new Error(
      `Corrupt item ${item.pk} / ${item.sk}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
};
