import * as z from 'zod';
import { GoldenProfileSchema } from './customer.ts';
import { CustomerInsightsDetailSchema } from './customer-insights.ts';
import { CanonicalIdentifierSchema } from './identifier.ts';
import { IdentityConflictSchema } from './identity.ts';
import { InstalledProductDataSchema } from './installed-product.ts';
import { InteractionDataSchema } from './interaction.ts';
import { InvoiceDataSchema } from './invoice.ts';
import { StatusChangeSchema } from './lifecycle.ts';
import { OrderDataSchema } from './order.ts';
import { ShipmentDataSchema } from './shipment.ts';
import { SourceRefSchema } from './source.ts';
import { WebActivityDataSchema } from './web-activity.ts';

const sourced = <D extends z.ZodType>(data: D) => z.strictObject({ source: SourceRefSchema, data });

/** Web events summed up: how active, which parts, what was searched. */
export const WebActivityTotalsSchema = z.strictObject({
  events: z.number().int(),
  sessions: z.number().int(),
  /** The session count is a HyperLogLog estimate (about ±6.5 %): the customer has too many to count one by one. */
  sessionsEstimated: z.boolean().optional(),
  firstSeenAt: z.string().optional(),
  lastSeenAt: z.string().optional(),
  productInterest: z.array(
    z.strictObject({
      partNumber: z.string(),
      views: z.number().int(),
      cartAdds: z.number().int(),
      lastAt: z.string(),
    }),
  ),
  /** More parts were seen than the view tracks; the least interesting ones were dropped. */
  productInterestTruncated: z.boolean().optional(),
  recentSearches: z.array(z.strictObject({ query: z.string(), at: z.string() })),
});
export type WebActivityTotals = z.infer<typeof WebActivityTotalsSchema>;

/** How many records of a list exist, against how many the view holds (the timeline pages all of them). */
export const ListCoverageSchema = z.strictObject({ total: z.number().int(), kept: z.number().int() });
export type ListCoverage = z.infer<typeof ListCoverageSchema>;

/** Where a 360 read came from: the materialised view (one bounded Query) or the fold of the whole partition. */
export const Customer360SourceSchema = z.strictObject({
  source: z.enum(['view', 'fold']),
  /**
   * With `fold`: why the fold was needed (no view yet, or the view is behind the customer's latest write). With
   * `view`, `viewBehind`: the view trails the latest record writes and the history is too long to fold in one
   * read, so the view is served as last projected (`projectedAt`).
   */
  reason: z.enum(['viewMissing', 'viewBehind']).optional(),
  /** When the projector last wrote the view. */
  projectedAt: z.string().optional(),
});
export type Customer360Source = z.infer<typeof Customer360SourceSchema>;

/** Everything the agent's one screen shows about a customer, read with one Query. */
export const Customer360ViewSchema = z.strictObject({
  customerId: z.string(),
  profile: GoldenProfileSchema,
  identifiers: z.array(CanonicalIdentifierSchema),
  /** The customer source records the profile was built from. */
  customerSources: z.array(SourceRefSchema),
  orders: z.array(sourced(OrderDataSchema)),
  invoices: z.array(sourced(InvoiceDataSchema)),
  installedProducts: z.array(sourced(InstalledProductDataSchema)),
  shipments: z.array(sourced(ShipmentDataSchema)),
  interactions: z.array(sourced(InteractionDataSchema)),
  webActivity: z.array(sourced(WebActivityDataSchema)),
  statusHistory: z.array(StatusChangeSchema),
  /** Every insight with the facts behind it, once the insights capability has evaluated the customer. */
  insights: CustomerInsightsDetailSchema.nullable().optional(),
  /** Links identity resolution refused for this customer, waiting for a person to decide. */
  conflicts: z.array(IdentityConflictSchema),
  /** Who in the company last talked to the customer. */
  lastContact: z
    .strictObject({ agent: z.string().optional(), occurredAt: z.string(), channel: z.string() })
    .optional(),
  /**
   * Set when read from the materialised view: each list's total against what the view keeps (newest or
   * open first). A fold of the whole partition keeps everything and leaves it out.
   */
  coverage: z
    .strictObject({
      orders: ListCoverageSchema,
      invoices: ListCoverageSchema,
      unpaidInvoices: ListCoverageSchema,
      installedProducts: ListCoverageSchema,
      openShipments: ListCoverageSchema,
      interactions: ListCoverageSchema,
      openCases: ListCoverageSchema,
      webActivity: ListCoverageSchema,
      statusHistory: ListCoverageSchema,
      customerSources: ListCoverageSchema,
      /** Head lists cut to stay in budget (identifiers, conflicts, insights): read the partition for them. */
      truncated: z.array(z.string()),
    })
    .optional(),
  /** The web summary as the view keeps it (every event counted); the fold computes it from `webActivity`. */
  webActivityTotals: WebActivityTotalsSchema.optional(),
  /** Net revenue of orders that are not quotes or cancelled, per currency, over the whole history. */
  orderRevenue: z.record(z.string(), z.number()).optional(),
  servedFrom: Customer360SourceSchema.optional(),
});
export type Customer360View = z.infer<typeof Customer360ViewSchema>;
