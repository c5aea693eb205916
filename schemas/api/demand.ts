import * as z from 'zod';
import { DemandSignalStateSchema } from '../entities/demand-signal.ts';
import { PartNumberSchema } from '../entities/source.ts';
import { AvailableStockSchema, DemandDaySchema, DemandEvidenceSchema } from '../events/demand-events.ts';

/**
 * A part number as it appears in a path: no `/`, `#` or whitespace, so it can never reach into another
 * item's key (`PRODUCT#<part>`) or another route.
 */
export const PartNumberPathValueSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:~+-]{0,127}$/, 'must be a part number (letters, digits, . _ : ~ + -)')
  .meta({ description: 'The PDM part number.', example: 'CP-8040' });

/** The `{partNumber}` path parameter of the product routes. */
export const PartNumberPathSchema = z.strictObject({ partNumber: PartNumberPathValueSchema });

/** How many of a part's signal revisions the demand picture carries (the latest ones). */
export const SIGNAL_HISTORY_LIMIT = 50;

/** `GET /products/{partNumber}/demand`: demand by source and day, stock, lead time and the current signal. */
export const DemandPictureSchema = z
  .strictObject({
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
    /**
     * Every state the signal went through (raised, each supersession, the withdrawal), oldest first; the
     * latest {@link SIGNAL_HISTORY_LIMIT} revisions. Empty when none was ever raised.
     */
    signalHistory: z.array(DemandSignalStateSchema).max(SIGNAL_HISTORY_LIMIT),
  })
  .meta({ id: 'DemandPicture' });
export type DemandPicture = z.infer<typeof DemandPictureSchema>;
