import * as z from 'zod';

/**
 * The materialised customer-360 view (docs/table-design.md, "Customer-360 view"): a few section items
 * next to the profile head, each bounded in size, maintained from the table's stream by the projector.
 * These schemas parse the sections on the way in (read path and projector), so a corrupt or foreign
 * section fails loudly instead of being half-understood.
 */

/** The record kinds the view keeps a section for, plus the head (profile inputs, identity, insights). */
export const RECORD_SECTIONS = [
  'order',
  'invoice',
  'shipment',
  'installedProduct',
  'interaction',
  'webActivity',
] as const;
export type RecordSection = (typeof RECORD_SECTIONS)[number];
export const VIEW_SECTIONS = ['head', ...RECORD_SECTIONS] as const;
export type ViewSection = (typeof VIEW_SECTIONS)[number];

/** One record kept in a list of the view: enough to show it and to replace it by a newer version. */
export const KeptEntrySchema = z.object({
  recordKey: z.string(),
  versionOrd: z.string(),
  /** The value the list is ordered by (a date, or an ordering key). */
  at: z.string(),
  source: z.record(z.string(), z.unknown()),
  data: z.unknown(),
});
export type KeptEntry = z.infer<typeof KeptEntrySchema>;

/**
 * A prefix of one ordered list of records (e.g. orders newest first): `total` records qualify, the
 * first `entries.length` of them are kept. Inserting, replacing and removing keep it a prefix.
 */
export const KeptListSchema = z.object({
  total: z.number().int().nonnegative(),
  entries: z.array(KeptEntrySchema),
});
export type KeptList = z.infer<typeof KeptListSchema>;

/** Sums per currency (orders' net amount, open invoice amounts). */
export const MoneyByCurrencySchema = z.record(z.string(), z.number());

export const WebAggregatesSchema = z.object({
  firstSeenAt: z.string().optional(),
  lastSeenAt: z.string().optional(),
  /** Events per session hash while the customer has at most `maxTrackedSessions` sessions. */
  sessions: z.record(z.string(), z.number().int()).optional(),
  /** HyperLogLog registers (one base-36 digit each): the session estimate once `sessions` overflowed. */
  sessionSketch: z.string(),
  sessionsEstimated: z.boolean(),
  interest: z.record(
    z.string(),
    z.object({ views: z.number().int(), cartAdds: z.number().int(), lastAt: z.string() }),
  ),
  /** Parts dropped from `interest` because more parts were seen than it tracks. */
  interestTruncated: z.boolean(),
  recentSearches: z.array(z.object({ query: z.string(), at: z.string(), recordKey: z.string() })),
});
export type WebAggregates = z.infer<typeof WebAggregatesSchema>;

/** A record section: how many records of the kind, its lists, and sums that need every record. */
export const RecordSectionStateSchema = z.object({
  count: z.number().int().nonnegative(),
  lists: z.record(z.string(), KeptListSchema),
  /** Orders: net amount of orders that are not quotes or cancelled; invoices: open amount. */
  amounts: MoneyByCurrencySchema.default({}),
  web: WebAggregatesSchema.optional(),
});
export type RecordSectionState = z.infer<typeof RecordSectionStateSchema>;

/** The profile head's change counters as the view last saw them: the read compares them to the head. */
export const ViewBasisSchema = z.object({
  rev: z.number().int(),
  writes: z.number().int(),
  status: z.string(),
});
export type ViewBasis = z.infer<typeof ViewBasisSchema>;

export const HeadStateSchema = z.object({
  basis: ViewBasisSchema.optional(),
  /** Golden-profile inputs: the customer source records (survivorship runs when read, with the config). */
  customerSources: KeptListSchema,
  /** Identifier mirrors, by sort key. */
  identifiers: z.record(z.string(), z.unknown()),
  conflicts: z.record(z.string(), z.unknown()),
  /** The latest change per status dimension, and the newest changes. */
  statusLatest: z.record(z.string(), z.unknown()),
  statusHistory: KeptListSchema,
  insights: z.unknown().optional(),
  /** Identifiers or conflicts left out to stay in budget (they stay in the partition). */
  truncated: z.array(z.string()).default([]),
});
export type HeadState = z.infer<typeof HeadStateSchema>;

/**
 * Stream positions a section took from the table instead of the stream (bootstrap or refill read at
 * that time): changes committed before `from` are in it already; changes up to `to` may be.
 */
export const FenceSchema = z.object({ from: z.number(), to: z.number() });
export type Fence = z.infer<typeof FenceSchema>;

/** What every section item carries besides its state. */
export const SectionMetaSchema = z.object({
  /** Optimistic lock: each write conditions on the version it read. */
  version: z.number().int().nonnegative(),
  /** Sequence number of the last stream change applied; redelivered changes at or below it are skipped. */
  appliedThrough: z.string().optional(),
  fence: FenceSchema.optional(),
  projectedAt: z.string(),
});
export type SectionMeta = z.infer<typeof SectionMetaSchema>;

export interface CustomerViewState {
  readonly customerId: string;
  head: HeadState;
  records: Record<RecordSection, RecordSectionState>;
  meta: Record<ViewSection, SectionMeta | undefined>;
}
