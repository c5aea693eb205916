import * as z from 'zod';
import { LifecyclePhaseSchema, LifecycleStageSchema } from './lifecycle.ts';
import { IsoDateSchema, IsoDateTimeSchema } from './source.ts';

/** Why a customer is in its lifecycle stage (a stable code rules can match on). */
export const LifecycleReasonSchema = z.enum([
  'noSignals',
  'interestLapsed',
  'webInterest',
  'openQuote',
  'salesEnquiry',
  'firstOrder',
  'repeatOrders',
  'loyalOrderHistory',
  'complaint',
  'return',
  'paymentProblem',
  'doubtResolved',
  'reactivated',
  'inactivity',
  'longInactivity',
]);
export type LifecycleReason = z.infer<typeof LifecycleReasonSchema>;

/** The facts a lifecycle decision rests on; only those that mattered are present. */
export const LifecycleEvidenceSchema = z
  .strictObject({
    orderCount: z.number().int().optional(),
    orderNumbers: z.array(z.string()).optional(),
    firstOrderAt: IsoDateTimeSchema.optional(),
    lastOrderAt: IsoDateTimeSchema.optional(),
    orderSpanDays: z.number().int().optional(),
    daysIdle: z.number().int().optional(),
    usualIntervalDays: z.number().int().optional(),
    thresholdDays: z.number().int().optional(),
    complaintIds: z.array(z.string()).optional(),
    overdueInvoiceNumbers: z.array(z.string()).optional(),
    maxDaysOverdue: z.number().int().optional(),
    webInterestEvents: z.number().int().optional(),
    quoteNumbers: z.array(z.string()).optional(),
    enquiryIds: z.array(z.string()).optional(),
  })
  .meta({ id: 'LifecycleEvidence' });
export type LifecycleEvidence = z.infer<typeof LifecycleEvidenceSchema>;

/** Where a customer stands in its lifecycle and why, as computed at one moment. */
export const LifecycleAssessmentSchema = z
  .strictObject({
    stage: LifecycleStageSchema,
    phase: LifecyclePhaseSchema,
    reason: LifecycleReasonSchema,
    /** The reason in words a sales or service manager can read. */
    text: z.string(),
    evidence: LifecycleEvidenceSchema,
  })
  .meta({ id: 'LifecycleAssessment' });
export type LifecycleAssessment = z.infer<typeof LifecycleAssessmentSchema>;

/** One move between stages; `from` is null for the first stage the hub gives a customer. */
export const LifecycleTransitionSchema = z
  .strictObject({
    /** Deterministic: the same move evaluated again has the same id (deduplication, event ids). */
    transitionId: z.string().min(1),
    from: LifecycleStageSchema.nullable(),
    to: LifecycleStageSchema,
    phase: LifecyclePhaseSchema,
    at: IsoDateTimeSchema,
    reason: LifecycleReasonSchema,
    text: z.string(),
    evidence: LifecycleEvidenceSchema,
  })
  .meta({ id: 'LifecycleTransition' });
export type LifecycleTransition = z.infer<typeof LifecycleTransitionSchema>;

/** How many transitions a customer's history keeps (oldest dropped first). */
export const LIFECYCLE_HISTORY_LIMIT = 100;

/** What is stored per customer between evaluations. */
export const LifecycleStateSchema = z
  .strictObject({
    stage: LifecycleStageSchema,
    since: IsoDateTimeSchema,
    /** Oldest first, append-only, at most {@link LIFECYCLE_HISTORY_LIMIT}. */
    history: z.array(LifecycleTransitionSchema).max(LIFECYCLE_HISTORY_LIMIT),
  })
  .meta({ id: 'LifecycleState' });
export type LifecycleState = z.infer<typeof LifecycleStateSchema>;

// ---- churn warning ----

export const ChurnSignalNameSchema = z.enum(['purchaseInterval', 'risingComplaints', 'overduePayments']);
export type ChurnSignalName = z.infer<typeof ChurnSignalNameSchema>;

/** One reason a customer may be slipping away, with the points it adds to the score. */
export const ChurnSignalSchema = z
  .strictObject({
    name: ChurnSignalNameSchema,
    points: z.number().min(0),
    weight: z.number().min(0),
    text: z.string(),
    inputs: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])),
  })
  .meta({ id: 'ChurnSignal' });
export type ChurnSignal = z.infer<typeof ChurnSignalSchema>;

export const ChurnAssessmentSchema = z
  .strictObject({
    /** 0 (no sign of leaving) to 100. */
    score: z.number().int().min(0).max(100),
    /** Valuable enough to warn about (revenue in the value window, or a key customer). */
    valuable: z.boolean(),
    /** Still a buying customer (not a prospect, not already churned). */
    active: z.boolean(),
    revenueInValueWindow: z.number(),
    keyCustomer: z.boolean(),
    signals: z.array(ChurnSignalSchema),
  })
  .meta({ id: 'ChurnAssessment' });
export type ChurnAssessment = z.infer<typeof ChurnAssessmentSchema>;

/** A warning episode: opened once when the risk appears, closed once when it passes. */
export const ChurnEpisodeSchema = z
  .strictObject({
    episodeId: z.string().min(1),
    openedAt: IsoDateTimeSchema,
    scoreAtOpen: z.number().int(),
    signalsAtOpen: z.array(ChurnSignalSchema),
    closedAt: IsoDateTimeSchema.optional(),
    closeReason: z.enum(['riskPassed', 'noLongerValuable', 'noLongerActive']).optional(),
    scoreAtClose: z.number().int().optional(),
  })
  .meta({ id: 'ChurnEpisode' });
export type ChurnEpisode = z.infer<typeof ChurnEpisodeSchema>;

export const ChurnStateSchema = z
  .strictObject({
    open: ChurnEpisodeSchema.nullable(),
    lastClosed: ChurnEpisodeSchema.nullable(),
  })
  .meta({ id: 'ChurnState' });
export type ChurnState = z.infer<typeof ChurnStateSchema>;

// ---- status ----

export const RiskStatusSchema = z.enum(['low', 'elevated', 'high']);
export type RiskStatus = z.infer<typeof RiskStatusSchema>;
export const ProfitStatusSchema = z.enum(['unknown', 'lossMaking', 'low', 'standard', 'high']);
export type ProfitStatus = z.infer<typeof ProfitStatusSchema>;

export const RiskReasonSchema = z.enum([
  'paysOnTime',
  'longOverdue',
  'highArrears',
  'overdue',
  'arrears',
  'latePayer',
]);
export const ProfitReasonSchema = z.enum(['noCostedOrders', 'negativeMargin', 'marginBand']);

export const RiskEvidenceSchema = z
  .strictObject({
    overdueInvoiceNumbers: z.array(z.string()),
    arrears: z.number(),
    maxDaysOverdue: z.number().int(),
    averagePaymentDelayDays: z.number().nullable(),
    paidInvoicesConsidered: z.number().int(),
    openAmount: z.number(),
  })
  .meta({ id: 'RiskEvidence' });
export type RiskEvidence = z.infer<typeof RiskEvidenceSchema>;

export const ProfitEvidenceSchema = z
  .strictObject({
    revenue: z.number(),
    cost: z.number(),
    margin: z.number().nullable(),
    ordersCounted: z.number().int(),
    ordersWithoutCost: z.number().int(),
    windowStart: IsoDateSchema,
  })
  .meta({ id: 'ProfitEvidence' });
export type ProfitEvidence = z.infer<typeof ProfitEvidenceSchema>;

export const RiskAssessmentSchema = z
  .strictObject({
    value: RiskStatusSchema,
    reason: RiskReasonSchema,
    text: z.string(),
    evidence: RiskEvidenceSchema,
  })
  .meta({ id: 'RiskAssessment' });
export type RiskAssessment = z.infer<typeof RiskAssessmentSchema>;

export const ProfitAssessmentSchema = z
  .strictObject({
    value: ProfitStatusSchema,
    reason: ProfitReasonSchema,
    text: z.string(),
    evidence: ProfitEvidenceSchema,
  })
  .meta({ id: 'ProfitAssessment' });
export type ProfitAssessment = z.infer<typeof ProfitAssessmentSchema>;

export const StatusDimensionSchema = z.enum(['risk', 'profit']);
export type StatusDimension = z.infer<typeof StatusDimensionSchema>;

/** The stored status values, with when each took its value. */
export const CustomerStatusStateSchema = z
  .strictObject({
    risk: z.strictObject({ value: RiskStatusSchema, since: IsoDateTimeSchema }),
    profit: z.strictObject({ value: ProfitStatusSchema, since: IsoDateTimeSchema }),
  })
  .meta({ id: 'CustomerStatusState' });
export type CustomerStatusState = z.infer<typeof CustomerStatusStateSchema>;

/** A status that changed in one evaluation (`from` null the first time). */
export const StatusTransitionSchema = z
  .discriminatedUnion('dimension', [
    z.strictObject({
      dimension: z.literal('risk'),
      from: RiskStatusSchema.nullable(),
      to: RiskStatusSchema,
      at: IsoDateTimeSchema,
      reason: RiskReasonSchema,
      text: z.string(),
      evidence: RiskEvidenceSchema,
    }),
    z.strictObject({
      dimension: z.literal('profit'),
      from: ProfitStatusSchema.nullable(),
      to: ProfitStatusSchema,
      at: IsoDateTimeSchema,
      reason: ProfitReasonSchema,
      text: z.string(),
      evidence: ProfitEvidenceSchema,
    }),
  ])
  .meta({ id: 'StatusTransition' });
export type StatusTransition = z.infer<typeof StatusTransitionSchema>;

// ---- 7P scorecard and RFM ----

/** One score from 0 to 100 (null when the facts to compute it are missing), with its inputs. */
export const ScoreSchema = z
  .strictObject({
    score: z.number().int().min(0).max(100).nullable(),
    text: z.string(),
    inputs: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  })
  .meta({ id: 'Score' });
export type Score = z.infer<typeof ScoreSchema>;

/** Quintile cut points (4 ascending values per dimension) computed over a population snapshot. */
export const RfmBoundariesSchema = z
  .strictObject({
    /** Negated recency days, so a higher value means more recent. */
    recency: z.array(z.number()).length(4),
    frequency: z.array(z.number()).length(4),
    monetary: z.array(z.number()).length(4),
    population: z.number().int().nonnegative(),
    computedAt: IsoDateTimeSchema,
  })
  .meta({ id: 'RfmBoundaries' });
export type RfmBoundaries = z.infer<typeof RfmBoundariesSchema>;

const quintile = z.number().int().min(1).max(5);
export const RfmSchema = z
  .strictObject({
    recencyDays: z.number().int().nullable(),
    frequency: z.number().int(),
    monetary: z.number(),
    r: quintile,
    f: quintile,
    m: quintile,
    /** R, F and M as one code, e.g. `545` (5 best). */
    code: z.string().regex(/^[1-5]{3}$/),
    boundaries: RfmBoundariesSchema,
  })
  .meta({ id: 'Rfm' });
export type Rfm = z.infer<typeof RfmSchema>;

export const SEVEN_P = [
  'profiling',
  'persistency',
  'profitability',
  'performance',
  'prospecting',
  'product',
  'promotion',
] as const;

export const ScorecardSchema = z
  .strictObject({
    profiling: ScoreSchema,
    persistency: ScoreSchema,
    profitability: ScoreSchema,
    performance: ScoreSchema,
    prospecting: ScoreSchema,
    product: ScoreSchema,
    promotion: ScoreSchema,
    /** Null until a population snapshot has given quintile boundaries. */
    rfm: RfmSchema.nullable(),
  })
  .meta({ id: 'Scorecard' });
export type Scorecard = z.infer<typeof ScorecardSchema>;

// ---- key customers ----

export const KeyCustomerStandingSchema = z
  .strictObject({
    flagged: z.boolean(),
    /** Position by revenue in the computation (1 = most revenue); null without revenue in the window. */
    rank: z.number().int().positive().nullable(),
    revenue: z.number(),
    /** Share of all revenue brought by this customer and everyone ranked above it. */
    cumulativeShare: z.number().nullable(),
    revenueShareRule: z.number(),
    windowStart: IsoDateSchema,
    computedAt: IsoDateTimeSchema,
  })
  .meta({ id: 'KeyCustomerStanding' });
export type KeyCustomerStanding = z.infer<typeof KeyCustomerStandingSchema>;

// ---- the 360 view's insights ----

/** Every insight of one customer with the facts behind it, as the 360 view shows it. */
export const CustomerInsightsDetailSchema = z
  .strictObject({
    computedAt: IsoDateTimeSchema,
    lifecycle: LifecycleAssessmentSchema.extend({
      since: IsoDateTimeSchema,
      history: z.array(LifecycleTransitionSchema),
    }),
    churnWarning: ChurnAssessmentSchema.extend({ episode: ChurnEpisodeSchema.nullable() }),
    risk: RiskAssessmentSchema.extend({ since: IsoDateTimeSchema }),
    profit: ProfitAssessmentSchema.extend({ since: IsoDateTimeSchema }),
    scorecard: ScorecardSchema,
    keyCustomer: KeyCustomerStandingSchema.nullable(),
  })
  .meta({ id: 'CustomerInsightsDetail' });
export type CustomerInsightsDetail = z.infer<typeof CustomerInsightsDetailSchema>;

/** What the insights keep per customer between evaluations (the derived state, not the facts). */
export const CustomerInsightsStateSchema = z
  .strictObject({
    lifecycle: LifecycleStateSchema,
    churn: ChurnStateSchema,
    status: CustomerStatusStateSchema,
  })
  .meta({ id: 'CustomerInsightsState' });
export type CustomerInsightsState = z.infer<typeof CustomerInsightsStateSchema>;
