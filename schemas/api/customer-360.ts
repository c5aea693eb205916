import * as z from 'zod';
import { GoldenProfileSchema } from '../entities/customer.ts';
import { CustomerInsightsDetailSchema } from '../entities/customer-insights.ts';
import { CanonicalIdentifierSchema } from '../entities/identifier.ts';
import { IdentityConflictSchema } from '../entities/identity.ts';
import { InstalledProductDataSchema } from '../entities/installed-product.ts';
import { InteractionDataSchema } from '../entities/interaction.ts';
import { InvoiceDataSchema } from '../entities/invoice.ts';
import { OrderDataSchema } from '../entities/order.ts';
import { ProductDataSchema } from '../entities/product.ts';
import { ShipmentDataSchema } from '../entities/shipment.ts';
import { ProvenanceSchema, SourceRefSchema } from '../entities/source.ts';

/** How many entries the view shows per list; the timeline has everything. */
export const RECENT_ITEMS = 20;

const source = { source: ProvenanceSchema.meta({ description: 'The source record this comes from.' }) };

export const ViewInvoiceSchema = InvoiceDataSchema.extend({
  overdue: z.boolean().meta({ description: 'Unpaid past its due date (or marked overdue by the ERP).' }),
  ...source,
}).meta({ id: 'ViewInvoice' });

export const ViewShipmentSchema = ShipmentDataSchema.extend({
  late: z
    .boolean()
    .meta({ description: 'Marked delayed, expected after the promised date, or open past it.' }),
  ...source,
}).meta({ id: 'ViewShipment' });

export const OwnedProductSchema = InstalledProductDataSchema.extend({
  product: ProductDataSchema.optional().meta({
    description: 'The part as PDM knows it, when the hub has it.',
  }),
  ...source,
}).meta({ id: 'OwnedProduct' });

export const ViewOrderSchema = OrderDataSchema.extend(source).meta({ id: 'ViewOrder' });
export const ViewInteractionSchema = InteractionDataSchema.extend(source).meta({ id: 'ViewInteraction' });

export const WebActivitySummarySchema = z
  .object({
    events: z.number().int(),
    sessions: z.number().int(),
    sessionsEstimated: z.boolean().optional().meta({
      description:
        'The customer has too many sessions to count one by one: `sessions` is an estimate (about ±6.5 %).',
    }),
    firstSeenAt: z.string().optional(),
    lastSeenAt: z.string().optional(),
    /** Parts the customer showed interest in, most interest first. */
    productInterest: z.array(
      z.object({
        partNumber: z.string(),
        views: z.number().int(),
        cartAdds: z.number().int(),
        lastAt: z.string(),
      }),
    ),
    productInterestTruncated: z.boolean().optional().meta({
      description: 'More parts were seen than the view tracks; the least interesting ones are left out.',
    }),
    recentSearches: z.array(z.object({ query: z.string(), at: z.string() })),
  })
  .meta({ id: 'WebActivitySummary' });

const ListCountSchema = z.object({
  total: z.number().int().meta({ description: 'How many exist.' }),
  shown: z.number().int().meta({ description: 'How many this response lists.' }),
});

/** How many of each list exist against how many the response shows, and where the rest is. */
export const Customer360CoverageSchema = z
  .object({
    orders: ListCountSchema,
    invoices: ListCountSchema,
    productsOwned: ListCountSchema,
    openShipments: ListCountSchema,
    interactions: ListCountSchema,
    webEvents: ListCountSchema.meta({ description: 'Web events; the summary counts all of them.' }),
    statusChanges: ListCountSchema,
    /** Identifiers, conflicts or insights the view had to leave out to stay within its size. */
    truncated: z.array(z.string()),
    timeline: z.string().meta({
      description: 'Every dated record of the customer, newest first, paginated: where the lists continue.',
    }),
  })
  .meta({ id: 'Customer360Coverage' });

export const Customer360ServedFromSchema = z
  .object({
    source: z.enum(['view', 'fold']).meta({
      description:
        '`view`: the materialised customer-360 view, one bounded read. `fold`: the whole partition was read because the view is missing or behind the latest write (complete, but costs more). A view behind the latest record writes is folded only when the partition fits one read (500 items); for a longer history the view is served as last projected, with `reason: viewBehind` and its `projectedAt`.',
    }),
    reason: z.enum(['viewMissing', 'viewBehind']).optional().meta({
      description:
        'Why the view was not served as current: `viewMissing` (folded), `viewBehind` (folded, or with `source: view` served as last projected).',
    }),
    projectedAt: z.string().optional().meta({ description: 'When the view was last brought up to date.' }),
  })
  .meta({ id: 'Customer360ServedFrom' });

const StatusValueSchema = z.object({ value: z.string(), changedAt: z.string(), reason: z.string() });

/** Derived by the insights capability; null until it has run for this customer. */
export const CustomerInsightsSchema = z
  .object({
    lifecycleStage: StatusValueSchema.nullable(),
    riskStatus: StatusValueSchema.nullable(),
    profitStatus: StatusValueSchema.nullable(),
    keyCustomer: z
      .boolean()
      .nullable()
      .meta({ description: 'Among the few customers that bring most revenue.' }),
    scores: z.record(z.string(), z.number()).meta({
      description: 'Numeric scores (RFM, 7P...) by name, from status dimensions ending in `Score`.',
    }),
    /** The latest value of every status dimension, including ones this API does not name yet. */
    statuses: z.record(z.string(), StatusValueSchema),
    detail: CustomerInsightsDetailSchema.nullable().optional().meta({
      description:
        'Every insight with the facts it was computed from: lifecycle stage, phase, reason and history; churn warning with its signals; payment risk and profit with evidence; 7P scorecard with RFM; key-customer standing. Null until the insights have run for this customer.',
    }),
  })
  .meta({ id: 'CustomerInsights' });

/** The customer-360 view other applications read (GET /customers/{id}). */
export const Customer360ResponseSchema = z
  .object({
    customerId: z.string(),
    profile: GoldenProfileSchema.meta({
      description: 'Each attribute with the source record it survived from.',
    }),
    identifiers: z.array(CanonicalIdentifierSchema),
    sources: z
      .array(SourceRefSchema)
      .meta({ description: 'The customer records the profile was built from.' }),
    insights: CustomerInsightsSchema,
    recentOrders: z.array(ViewOrderSchema).meta({ description: `Newest first, at most ${RECENT_ITEMS}.` }),
    invoices: z
      .array(ViewInvoiceSchema)
      .meta({ description: `Overdue first (oldest due date first), then newest; at most ${RECENT_ITEMS}.` }),
    productsOwned: z.array(OwnedProductSchema).meta({
      description: 'Newest purchase first (at most 50 for a customer with a long history; see `coverage`).',
    }),
    openShipments: z.array(ViewShipmentSchema).meta({
      description: 'Shipments not yet delivered or cancelled, late ones first (at most 50; see `coverage`).',
    }),
    recentInteractions: z
      .array(ViewInteractionSchema)
      .meta({ description: `Newest first, at most ${RECENT_ITEMS}.` }),
    webActivity: WebActivitySummarySchema,
    lastContact: z
      .object({ agent: z.string().optional(), channel: z.string(), occurredAt: z.string() })
      .nullable()
      .meta({ description: 'Who in the company last had contact with the customer.' }),
    identityConflicts: z
      .array(IdentityConflictSchema)
      .meta({ description: 'Links identity resolution refused, waiting for a person to decide.' }),
    coverage: Customer360CoverageSchema,
    servedFrom: Customer360ServedFromSchema,
  })
  .meta({ id: 'Customer360' });
export type Customer360Response = z.infer<typeof Customer360ResponseSchema>;
