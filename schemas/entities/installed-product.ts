import * as z from 'zod';
import { IsoDateSchema, PartNumberSchema } from './source.ts';

/** A part a customer owns: bought when, warranty and service-contract end. */
export const InstalledProductDataSchema = z.strictObject({
  partNumber: PartNumberSchema,
  serialNumber: z.string().optional(),
  quantity: z.number().positive().default(1),
  purchasedOn: IsoDateSchema,
  orderNumber: z.string().optional(),
  warrantyEnd: IsoDateSchema.optional(),
  contractNumber: z.string().optional(),
  contractEnd: IsoDateSchema.optional(),
  location: z.string().optional(),
});
export type InstalledProductData = z.infer<typeof InstalledProductDataSchema>;
