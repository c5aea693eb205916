import * as z from 'zod';
import { IsoDateSchema, PartNumberSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

/** Where a unit of projected demand comes from. */
export const DemandSourceSchema = z.enum(['order', 'quote', 'web']);
export type DemandSource = z.infer<typeof DemandSourceSchema>;

/** One piece of evidence behind a demand figure: which record, how much it asked for, how much counts. */
export const DemandEvidenceSchema = z.strictObject({
  source: DemandSourceSchema,
  /** `orderNumber/lineNumber` for orders and quotes, the web event's id for web interest. */
  reference: z.string().min(1),
  customerId: z.string().optional(),
  /** The day the demand is due (the requested delivery date, or today when that has passed). */
  day: IsoDateSchema,
  /** What the record says: open units of an order line, quoted units, views or cart adds. */
  rawQuantity: z.number(),
  /** The factor applied: 1 for orders, the win rate for quotes, the conversion rate for web interest. */
  weight: z.number().min(0).max(1),
  /** `rawQuantity × weight`: the units of demand this record contributes. */
  quantity: z.number(),
});
export type DemandEvidence = z.infer<typeof DemandEvidenceSchema>;

/** Demand for one part on one day, by source. */
export const DemandDaySchema = z.strictObject({
  day: IsoDateSchema,
  order: z.number(),
  quote: z.number(),
  web: z.number(),
  total: z.number(),
});
export type DemandDay = z.infer<typeof DemandDaySchema>;

/**
 * A planned independent requirement in the ERP's planning vocabulary (SAP `A_PlannedIndepRqmt`:
 * material, plant, requirement type and version, one dated item with quantity and unit).
 */
export const PlannedRequirementSchema = z.strictObject({
  /** The key the ERP keeps the planned order under; the same key is updated, never duplicated. */
  requirementKey: z.string().min(1).max(128),
  material: PartNumberSchema,
  plant: z.string().min(1),
  /** SAP requirement type; `LSF` (make-to-stock planning with final assembly). */
  requirementType: z.string().min(1),
  /** SAP requirement version; `00` is the active plan. */
  version: z.string().min(1),
  items: z
    .array(
      z.strictObject({
        /** `D`: a daily bucket. */
        periodType: z.literal('D'),
        requirementDate: IsoDateSchema,
        plannedQuantity: z.number().positive(),
        unit: z.string().min(1),
      }),
    )
    .min(1)
    .max(1),
});
export type PlannedRequirement = z.infer<typeof PlannedRequirementSchema>;

/** Stock of a part over all sites and organisations. */
export const AvailableStockSchema = z.strictObject({
  onHand: z.number(),
  inbound: z.number(),
  allocated: z.number(),
  /**
   * The part of `allocated` the open orders counted as demand within the lead time account for (SCM's
   * reservations for those orders): not subtracted again. Absent on figures decided before it existed (0).
   */
  allocatedToCountedOrders: z.number().nonnegative().optional(),
  /** `onHand + inbound − (allocated − allocatedToCountedOrders)`: what the counted demand can still use. */
  available: z.number(),
  sites: z.number().int().nonnegative(),
});
export type AvailableStock = z.infer<typeof AvailableStockSchema>;

/** The figures a signal was decided on, for the planner and for audits. */
export const ShortageBasisSchema = z.strictObject({
  /** Projected demand over the lead time. */
  demand: z.number(),
  bySource: z.strictObject({ order: z.number(), quote: z.number(), web: z.number() }),
  stock: AvailableStockSchema,
  safetyStock: z.number(),
  leadTimeDays: z.number().int().nonnegative(),
  /** The horizon demand was projected over: today to today + lead time. */
  horizonEnd: IsoDateSchema,
});
export type ShortageBasis = z.infer<typeof ShortageBasisSchema>;

const signalFields = {
  /** One per part, plant and planning period; the planned order's key in the ERP. */
  signalKey: z.string().min(1).max(128),
  /** Unique per delivery of this signal state: the ERP can discard a repeated delivery. */
  idempotencyKey: z.string().min(1).max(128),
  /** 1 when raised, +1 with every supersession or withdrawal. */
  revision: z.number().int().positive(),
  partNumber: PartNumberSchema,
  plant: z.string().min(1),
  period: z.strictObject({ start: IsoDateSchema, end: IsoDateSchema }),
};

export const DemandSignalRaised = defineEvent({
  source: 'hub360.demand',
  detailType: 'DemandSignalRaised',
  schemaVersion: 1,
  description:
    'Projected demand for a part over its lead time exceeds available stock plus safety stock: production should plan more.',
  payload: {
    ...signalFields,
    quantityShort: z.number().positive(),
    needBy: IsoDateSchema,
    basis: ShortageBasisSchema,
    evidence: z.array(DemandEvidenceSchema).max(200),
    plannedOrder: PlannedRequirementSchema,
  },
});
export type DemandSignalRaisedDetail = z.infer<typeof DemandSignalRaised.detail>;

export const DemandSignalSuperseded = defineEvent({
  source: 'hub360.demand',
  detailType: 'DemandSignalSuperseded',
  schemaVersion: 1,
  description:
    'The shortage behind an open demand signal changed; the same planned order is updated with the new quantity or date.',
  payload: {
    ...signalFields,
    quantityShort: z.number().positive(),
    previousQuantityShort: z.number().positive(),
    needBy: IsoDateSchema,
    previousNeedBy: IsoDateSchema,
    basis: ShortageBasisSchema,
    evidence: z.array(DemandEvidenceSchema).max(200),
    plannedOrder: PlannedRequirementSchema,
  },
});
export type DemandSignalSupersededDetail = z.infer<typeof DemandSignalSuperseded.detail>;

export const DemandSignalWithdrawn = defineEvent({
  source: 'hub360.demand',
  detailType: 'DemandSignalWithdrawn',
  schemaVersion: 1,
  description:
    'The shortage behind an open demand signal is resolved (stock arrived or demand fell); the planned order is withdrawn.',
  payload: {
    ...signalFields,
    previousQuantityShort: z.number().positive(),
    basis: ShortageBasisSchema,
  },
});
export type DemandSignalWithdrawnDetail = z.infer<typeof DemandSignalWithdrawn.detail>;
