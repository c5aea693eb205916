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
});
export type Customer360View = z.infer<typeof Customer360ViewSchema>;
