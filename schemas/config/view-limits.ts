import * as z from 'zod';

/**
 * How much the customer-360 view keeps. Sized so the profile head plus every section stay well under
 * 64 KB together (one Query, ≤ 8 RCU eventually consistent on AWS): the byte budgets bound the sections'
 * states as JSON text (`jsonBytes`; the items store it compressed) and add up to 56 KB; the lists' lengths cap what an agent
 * scrolls on one screen. Larger histories are truncated with their total count; the timeline pages them.
 */
export const ViewLimitsSchema = z.strictObject({
  /** Newest orders, invoices, interactions, web events and status changes kept. */
  recentItems: z.number().int().min(1).max(200).default(20),
  /** Open invoices, open shipments and open service cases kept (the view shows them first). */
  openItems: z.number().int().min(1).max(500).default(50),
  /** Products owned kept (newest purchase first). */
  productsOwned: z.number().int().min(1).max(500).default(50),
  /** Customer source records kept as golden-profile inputs. */
  customerSources: z.number().int().min(1).max(200).default(25),
  /** Sessions counted exactly; beyond, a HyperLogLog estimate (about ±6.5 %) is shown and said so. */
  maxTrackedSessions: z.number().int().min(1).max(5000).default(200),
  /** Parts whose web interest is tracked; beyond, the least interesting part is dropped and said so. */
  maxInterestParts: z.number().int().min(1).max(1000).default(60),
  recentSearches: z.number().int().min(0).max(50).default(10),
  /** Bytes per section's state as JSON text (stored compressed); entries at the end of the longest list go first. */
  sectionBytes: z
    .strictObject({
      head: z.number().int().positive().default(16_384),
      order: z.number().int().positive().default(10_240),
      invoice: z.number().int().positive().default(8_192),
      shipment: z.number().int().positive().default(6_144),
      installedProduct: z.number().int().positive().default(5_120),
      interaction: z.number().int().positive().default(5_120),
      webActivity: z.number().int().positive().default(6_144),
    })
    .prefault({}),
});
export type ViewLimits = z.infer<typeof ViewLimitsSchema>;
export type ViewLimitsInput = z.input<typeof ViewLimitsSchema>;
