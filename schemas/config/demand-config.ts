import * as z from 'zod';

/**
 * How the hub turns customer demand into production demand signals. Every field has a default a
 * planner can start from; the comments say what each default means in business terms.
 */
export const DemandConfigSchema = z.strictObject({
  /**
   * Share of open quotations expected to become orders (0–1). Default 0.3: three in ten quotes are won,
   * so a quote for 10 pumps counts as 3 pumps of demand.
   */
  quoteWinRate: z.number().min(0).max(1).default(0.3),
  /** Share of product views expected to become an ordered unit (0–1). Default 0.01: one unit per 100 views. */
  viewConversionRate: z.number().min(0).max(1).default(0.01),
  /** Share of cart additions expected to become an ordered unit (0–1). Default 0.2: one unit per 5 cart adds. */
  cartAddConversionRate: z.number().min(0).max(1).default(0.2),
  /** Web interest older than this many days no longer counts as demand. Default 14. */
  webInterestWindowDays: z.number().int().min(1).max(365).default(14),
  /** Length of a planning period in days; one planned order per part and period. Default 7 (a week). */
  planningPeriodDays: z.number().int().min(1).max(90).default(7),
  /** Used when SCM reports no lead time for a part. Default 14 days. */
  defaultLeadTimeDays: z.number().int().min(0).max(365).default(14),
  /** Units always kept in stock per part, unless `safetyStockByPart` says otherwise. Default 0. */
  safetyStock: z.number().min(0).default(0),
  /** Safety stock per part number, overriding `safetyStock`. */
  safetyStockByPart: z.record(z.string().min(1), z.number().min(0)).default({}),
  /** The ERP plant that receives planned orders (SAP `WERKS`). Default `1000`. */
  plant: z.string().min(1).max(10).default('1000'),
  /**
   * A shortage has to change by at least this many units before the planned order is updated, so
   * ERP is not rewritten for every single web view. Default 1.
   */
  minimumQuantityChange: z.number().min(0).default(1),
});
export type DemandConfigInput = z.input<typeof DemandConfigSchema>;
export type DemandConfig = z.output<typeof DemandConfigSchema>;

/** The defaults, parsed once. */
export const DEFAULT_DEMAND_CONFIG: DemandConfig = DemandConfigSchema.parse({});
