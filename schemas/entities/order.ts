import * as z from 'zod';
import { CurrencySchema, IsoDateSchema, IsoDateTimeSchema, PartNumberSchema } from './source.ts';

export const OrderLineSchema = z.strictObject({
  lineNumber: z.string().min(1),
  partNumber: PartNumberSchema,
  description: z.string().optional(),
  quantity: z.number().nonnegative(),
  unit: z.string().optional(),
  unitPrice: z.number().optional(),
  netAmount: z.number().optional(),
  requestedDeliveryDate: IsoDateSchema.optional(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/** `quote` is an open quotation: demand that is not an order yet. */
export const OrderStatusSchema = z.enum([
  'quote',
  'open',
  'confirmed',
  'partiallyDelivered',
  'delivered',
  'invoiced',
  'cancelled',
]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** A sales order (or quotation) with its lines, as an ERP knows it. */
export const OrderDataSchema = z.strictObject({
  orderNumber: z.string().min(1),
  orderedAt: IsoDateTimeSchema,
  status: OrderStatusSchema,
  currency: CurrencySchema,
  netAmount: z.number(),
  /** Cost of goods, when the ERP exposes it (margin / profit status). */
  costAmount: z.number().optional(),
  lines: z.array(OrderLineSchema).max(500).default([]),
});
export type OrderData = z.infer<typeof OrderDataSchema>;
