import * as z from 'zod';

const days = (fallback: number, description: string) =>
  z.number().int().positive().default(fallback).meta({ description });
const amount = (fallback: number, description: string) =>
  z.number().nonnegative().default(fallback).meta({ description });
const ratio = (fallback: number, description: string) =>
  z.number().min(0).max(1).default(fallback).meta({ description });

/**
 * Lifecycle thresholds. Defaults suit B2B manufacturing: customers reorder machines, spare parts and
 * consumables every few months, so silence is judged against the customer's own rhythm, and only long
 * silence (months, not weeks) counts as dormant or lost.
 */
export const LifecycleConfigSchema = z
  .strictObject({
    interestWindowDays: days(
      90,
      'Web interest, open quotes and sales enquiries younger than this make a prospect "interested".',
    ),
    interestMinWebEvents: z.number().int().positive().default(3).meta({
      description: 'Product-interest web events (views, cart adds, searches) needed inside the window.',
    }),
    shortTermMinOrders: z
      .number()
      .int()
      .min(2)
      .default(2)
      .meta({ description: 'Orders that turn a first-time buyer into a short-term (repeat) customer.' }),
    longTermMinOrders: z
      .number()
      .int()
      .min(2)
      .default(4)
      .meta({ description: 'Orders a long-term customer has placed in total.' }),
    longTermMinSpanMonths: z
      .number()
      .int()
      .positive()
      .default(18)
      .meta({ description: 'Months between first and latest order a long-term customer has bought over.' }),
    doubtfulWindowDays: days(
      120,
      'A complaint or return younger than this makes a not-yet-loyal customer doubtful.',
    ),
    doubtfulOverdueDays: days(
      30,
      'An invoice unpaid this many days past due makes a not-yet-loyal customer doubtful.',
    ),
    defaultPurchaseIntervalDays: days(
      120,
      'Usual days between orders assumed while a customer has only one order.',
    ),
    dormantIntervalFactor: z.number().min(1).default(2).meta({
      description: "Dormant when idle longer than this many times the customer's usual order interval...",
    }),
    dormantMinIdleDays: days(180, '...but never before this many idle days.'),
    churnedAfterDays: days(
      730,
      'Churned (lost) after this many days without an order (at least the dormant threshold).',
    ),
  })
  .meta({ id: 'LifecycleConfig' });

/** When a churn warning is raised and cleared, and how its 0–100 score is weighted. */
export const ChurnConfigSchema = z
  .strictObject({
    valueWindowMonths: z
      .number()
      .int()
      .positive()
      .default(24)
      .meta({ description: 'Revenue window that decides who is valuable.' }),
    minValuableRevenue: amount(
      50_000,
      'Revenue in the value window that makes a customer valuable (key customers always are).',
    ),
    raiseAtScore: z
      .number()
      .min(0)
      .max(100)
      .default(60)
      .meta({ description: 'Score at which a warning episode opens.' }),
    clearBelowScore: z.number().min(0).max(100).default(35).meta({
      description: 'Score below which an open episode closes (lower than raiseAtScore, so it does not flap).',
    }),
    intervalWeight: z
      .number()
      .nonnegative()
      .default(60)
      .meta({ description: 'Points for a purchase interval far past the usual one.' }),
    intervalRatioStart: z
      .number()
      .min(1)
      .default(1.25)
      .meta({ description: 'Idle/usual interval ratio where the interval signal starts.' }),
    intervalRatioFull: z
      .number()
      .min(1)
      .default(1.75)
      .meta({ description: 'Ratio where the interval signal is at its full weight.' }),
    complaintWeight: z
      .number()
      .nonnegative()
      .default(20)
      .meta({ description: 'Points for rising complaints and returns.' }),
    complaintWindowDays: days(90, 'Complaints in this window are compared with the window before it.'),
    complaintsForFull: z
      .number()
      .int()
      .positive()
      .default(3)
      .meta({ description: 'Recent complaints that give the full complaint weight.' }),
    overdueWeight: z.number().nonnegative().default(20).meta({ description: 'Points for overdue payments.' }),
    overdueDaysForFull: days(60, 'Days overdue (oldest open invoice) that give the full overdue weight.'),
  })
  .refine((c) => c.clearBelowScore <= c.raiseAtScore, {
    path: ['clearBelowScore'],
    message: 'must not be above raiseAtScore',
  })
  .refine((c) => c.intervalRatioFull > c.intervalRatioStart, {
    path: ['intervalRatioFull'],
    message: 'must be above intervalRatioStart',
  })
  .meta({ id: 'ChurnConfig' });

/** Payment-risk and profit thresholds. */
export const StatusConfigSchema = z
  .strictObject({
    elevatedOverdueDays: days(15, 'An invoice this many days past due makes the risk elevated.'),
    highOverdueDays: days(60, 'An invoice this many days past due makes the risk high.'),
    elevatedArrearsAmount: amount(5_000, 'Overdue open amount (arrears) that makes the risk elevated.'),
    highArrearsAmount: amount(25_000, 'Arrears that make the risk high.'),
    elevatedAveragePaymentDelayDays: days(
      20,
      'Average days invoices were paid late that make the risk elevated.',
    ),
    paymentHistoryMonths: z
      .number()
      .int()
      .positive()
      .default(12)
      .meta({ description: 'Paid invoices considered for the average delay.' }),
    marginWindowMonths: z
      .number()
      .int()
      .positive()
      .default(12)
      .meta({ description: 'Orders whose margin decides the profit state.' }),
    lowMarginBelow: z
      .number()
      .default(0.1)
      .meta({ description: 'Gross margin below this (and at least 0) is "low".' }),
    highMarginFrom: z
      .number()
      .default(0.25)
      .meta({ description: 'Gross margin from this up is "high"; between is "standard".' }),
  })
  .refine((c) => c.highOverdueDays >= c.elevatedOverdueDays, {
    path: ['highOverdueDays'],
    message: 'must not be below elevatedOverdueDays',
  })
  .refine((c) => c.highArrearsAmount >= c.elevatedArrearsAmount, {
    path: ['highArrearsAmount'],
    message: 'must not be below elevatedArrearsAmount',
  })
  .refine((c) => c.highMarginFrom > c.lowMarginBelow, {
    path: ['highMarginFrom'],
    message: 'must be above lowMarginBelow',
  })
  .meta({ id: 'StatusConfig' });

/** 7P scorecard and RFM. */
export const ScorecardConfigSchema = z
  .strictObject({
    windowMonths: z
      .number()
      .int()
      .positive()
      .default(12)
      .meta({ description: 'Window for revenue, frequency, outreach and interest.' }),
    persistencyFullTenureMonths: z
      .number()
      .int()
      .positive()
      .default(60)
      .meta({ description: 'Tenure that earns the full tenure half of persistency.' }),
    persistencyFullOrders: z
      .number()
      .int()
      .positive()
      .default(6)
      .meta({ description: 'Orders in the window that earn the full frequency half of persistency.' }),
    profitabilityFullMargin: z
      .number()
      .positive()
      .default(0.4)
      .meta({ description: 'Gross margin that scores 100 profitability.' }),
    prospectingFullQuotes: z
      .number()
      .int()
      .positive()
      .default(2)
      .meta({ description: 'Open quotes that earn the full quote half of prospecting.' }),
    prospectingFullInterestEvents: z
      .number()
      .int()
      .positive()
      .default(20)
      .meta({ description: 'Web interest events in the window that earn the full interest half.' }),
    productFullParts: z
      .number()
      .int()
      .positive()
      .default(10)
      .meta({ description: 'Distinct parts owned that earn the full breadth share of product.' }),
    promotionResponseDays: days(60, 'An order this soon after an outbound contact counts as a response.'),
    rfmWindowMonths: z
      .number()
      .int()
      .positive()
      .default(24)
      .meta({ description: 'Window for RFM frequency and monetary value.' }),
  })
  .meta({ id: 'ScorecardConfig' });

/** The key-customer (Pareto) rule. */
export const KeyCustomerConfigSchema = z
  .strictObject({
    revenueShare: ratio(0.8, 'Share of revenue the key customers together bring (the Pareto 80%).'),
    windowMonths: z.number().int().positive().default(12).meta({ description: 'Rolling revenue window.' }),
  })
  .meta({ id: 'KeyCustomerConfig' });

/** Everything the insights capability can be tuned with; every field has a documented default. */
export const InsightsConfigSchema = z
  .strictObject({
    lifecycle: LifecycleConfigSchema.default(() => LifecycleConfigSchema.parse({})),
    churn: ChurnConfigSchema.default(() => ChurnConfigSchema.parse({})),
    status: StatusConfigSchema.default(() => StatusConfigSchema.parse({})),
    scorecard: ScorecardConfigSchema.default(() => ScorecardConfigSchema.parse({})),
    keyCustomers: KeyCustomerConfigSchema.default(() => KeyCustomerConfigSchema.parse({})),
  })
  .superRefine((c, ctx) => {
    if (c.lifecycle.longTermMinOrders < c.lifecycle.shortTermMinOrders) {
      ctx.addIssue({
        code: 'custom',
        path: ['lifecycle', 'longTermMinOrders'],
        message: 'must not be below shortTermMinOrders',
      });
    }
  })
  .meta({ id: 'InsightsConfig' });
export type InsightsConfigInput = z.input<typeof InsightsConfigSchema>;
export type InsightsConfig = z.output<typeof InsightsConfigSchema>;

/** The defaults, parsed once. */
export const defaultInsightsConfig: InsightsConfig = InsightsConfigSchema.parse({});
