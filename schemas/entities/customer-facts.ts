import * as z from 'zod';
import { InteractionDataSchema } from './interaction.ts';
import { InvoiceStatusSchema } from './invoice.ts';
import { OrderStatusSchema } from './order.ts';
import { CurrencySchema, IsoDateSchema, IsoDateTimeSchema, PartNumberSchema } from './source.ts';

/**
 * Every fact entry remembers the source record it came from (`sourceRecordKey`) and that record's
 * version, so folding a redelivered or older version in again changes nothing.
 */
const fact = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ recordKey: z.string().min(1), version: z.string().min(1), ...shape });

/** An order or quotation, reduced to what the insights need (no lines). */
export const OrderFactSchema = fact({
  orderNumber: z.string().min(1),
  orderedAt: IsoDateTimeSchema,
  status: OrderStatusSchema,
  currency: CurrencySchema,
  netAmount: z.number(),
  costAmount: z.number().optional(),
});
export type OrderFact = z.infer<typeof OrderFactSchema>;

/** An invoice with its open amount resolved (what is still owed, whatever the source status says). */
export const InvoiceFactSchema = fact({
  invoiceNumber: z.string().min(1),
  issuedOn: IsoDateSchema,
  dueDate: IsoDateSchema,
  amount: z.number(),
  openAmount: z.number(),
  currency: CurrencySchema,
  status: InvoiceStatusSchema,
  paidOn: IsoDateSchema.optional(),
});
export type InvoiceFact = z.infer<typeof InvoiceFactSchema>;

/**
 * An interaction the insights use: complaints and returns (doubt, churn signals), sales enquiries
 * (interest) and outbound contacts (promotion response). Other contacts are not kept.
 */
export const ContactFactSchema = fact({
  interactionId: z.string().min(1),
  occurredAt: IsoDateTimeSchema,
  direction: z.enum(['inbound', 'outbound']).optional(),
  category: InteractionDataSchema.shape.category,
  partNumber: PartNumberSchema.optional(),
});
export type ContactFact = z.infer<typeof ContactFactSchema>;

/** One product-interest web event (view, cart add, checkout, search). */
export const WebInterestFactSchema = z.strictObject({
  messageId: z.string().min(1),
  at: IsoDateTimeSchema,
  kind: z.string().min(1),
  partNumber: PartNumberSchema.optional(),
});
export type WebInterestFact = z.infer<typeof WebInterestFactSchema>;

/** A part the customer owns, with the dates that say whether it is still under warranty or contract. */
export const OwnedProductFactSchema = fact({
  partNumber: PartNumberSchema,
  serialNumber: z.string().optional(),
  purchasedOn: IsoDateSchema,
  warrantyEnd: IsoDateSchema.optional(),
  contractEnd: IsoDateSchema.optional(),
});
export type OwnedProductFact = z.infer<typeof OwnedProductFactSchema>;

/** What one customer source record tells about the profile: which attributes it fills. */
export const ProfileFactSchema = fact({
  attributes: z.array(z.string()),
  creditLimit: z.number().optional(),
  paymentTermsDays: z.number().int().optional(),
});
export type ProfileFact = z.infer<typeof ProfileFactSchema>;

/**
 * How many entries each list keeps at most (newest first). A full summary measured about 125 KB of JSON
 * (≈190 bytes per entry), safely inside one DynamoDB item; a typical customer's is a few KB.
 */
export const FACT_LIMITS = {
  orders: 150,
  invoices: 150,
  contacts: 100,
  webInterest: 100,
  ownedProducts: 150,
  profiles: 20,
} as const;

/**
 * The per-customer summary every insight is computed from. Kept small and order-independent: each
 * list is the newest entries (by business date, then record key) of the latest version of each source
 * record, so folding the same records in any order, any number of times, gives the same summary.
 */
export const CustomerFactsSchema = z
  .strictObject({
    customerId: z.string().min(1),
    orders: z.array(OrderFactSchema).max(FACT_LIMITS.orders),
    invoices: z.array(InvoiceFactSchema).max(FACT_LIMITS.invoices),
    contacts: z.array(ContactFactSchema).max(FACT_LIMITS.contacts),
    webInterest: z.array(WebInterestFactSchema).max(FACT_LIMITS.webInterest),
    /** Newest web activity of any kind (page views included). */
    webLastSeenAt: IsoDateTimeSchema.optional(),
    ownedProducts: z.array(OwnedProductFactSchema).max(FACT_LIMITS.ownedProducts),
    profiles: z.array(ProfileFactSchema).max(FACT_LIMITS.profiles),
  })
  .meta({ id: 'CustomerFacts' });
export type CustomerFacts = z.infer<typeof CustomerFactsSchema>;
