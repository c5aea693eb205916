import * as z from 'zod';
import { IsoDateSchema, IsoDateTimeSchema, PartNumberSchema } from './source.ts';

export const ShipmentStatusSchema = z.enum([
  'planned',
  'picked',
  'shipped',
  'inTransit',
  'delivered',
  'delayed',
  'cancelled',
]);
export type ShipmentStatus = z.infer<typeof ShipmentStatusSchema>;

/** A delivery to a customer: promised versus actual dates and status. */
export const ShipmentDataSchema = z.strictObject({
  shipmentNumber: z.string().min(1),
  orderNumber: z.string().optional(),
  status: ShipmentStatusSchema,
  promisedDate: IsoDateSchema,
  /** The date SCM currently expects delivery, when it differs from the promise. */
  expectedDate: IsoDateSchema.optional(),
  shippedAt: IsoDateTimeSchema.optional(),
  deliveredAt: IsoDateTimeSchema.optional(),
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
  lines: z
    .array(z.strictObject({ partNumber: PartNumberSchema, quantity: z.number().nonnegative() }))
    .max(500)
    .default([]),
});
export type ShipmentData = z.infer<typeof ShipmentDataSchema>;
