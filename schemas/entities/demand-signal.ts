import * as z from 'zod';
import { IsoDateSchema, PartNumberSchema } from './source.ts';

/**
 * What the hub remembers about the demand signal of a part: the planned order the ERP holds under
 * `signalKey`, so the next evaluation updates or withdraws that one instead of adding another.
 */
export const DemandSignalStateSchema = z.strictObject({
  signalKey: z.string().min(1).max(128),
  partNumber: PartNumberSchema,
  plant: z.string().min(1),
  status: z.enum(['open', 'withdrawn']),
  /** Raised = 1; every supersession or withdrawal adds one (idempotency keys differ per revision). */
  revision: z.number().int().positive(),
  quantityShort: z.number().nonnegative(),
  needBy: IsoDateSchema,
  period: z.strictObject({ start: IsoDateSchema, end: IsoDateSchema }),
  /** When the last decision was made, ISO-8601. */
  decidedAt: z.iso.datetime({ offset: true }),
});
export type DemandSignalState = z.infer<typeof DemandSignalStateSchema>;
