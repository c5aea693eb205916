import * as z from 'zod';
import { IsoDateTimeSchema, PartNumberSchema } from './source.ts';

/** Stock of one part at one site, as SCM reports it. */
export const InventoryDataSchema = z.strictObject({
  partNumber: PartNumberSchema,
  site: z.string().min(1),
  onHand: z.number(),
  inbound: z.number().nonnegative().default(0),
  allocated: z.number().nonnegative().default(0),
  leadTimeDays: z.number().int().nonnegative(),
  unit: z.string().optional(),
  asOf: IsoDateTimeSchema.optional(),
});
export type InventoryData = z.infer<typeof InventoryDataSchema>;
