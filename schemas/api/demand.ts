import * as z from 'zod';
import { DemandSignalStateSchema } from '../entities/demand-signal.ts';
import { PartNumberSchema } from '../entities/source.ts';
import { AvailableStockSchema, DemandDaySchema, DemandEvidenceSchema } from '../events/demand-events.ts';

/** `GET /products/{partNumber}/demand`: demand by source and day, stock, lead time and the current signal. */
export const DemandPictureSchema = z.strictObject({
  partNumber: PartNumberSchema,
  asOf: z.iso.datetime({ offset: true }),
  days: z.array(DemandDaySchema),
  totals: z.strictObject({ order: z.number(), quote: z.number(), web: z.number(), total: z.number() }),
  evidence: z.array(DemandEvidenceSchema),
  stock: AvailableStockSchema,
  leadTimeDays: z.number().int().nonnegative(),
  safetyStock: z.number().nonnegative(),
  /** The open or last withdrawn signal; absent when none was ever raised. */
  signal: DemandSignalStateSchema.optional(),
});
export type DemandPicture = z.infer<typeof DemandPictureSchema>;
