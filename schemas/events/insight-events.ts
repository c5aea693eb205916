import * as z from 'zod';
import {
  ChurnEpisodeSchema,
  ChurnSignalSchema,
  LifecycleEvidenceSchema,
  LifecycleReasonSchema,
  StatusTransitionSchema,
} from '../entities/customer-insights.ts';
import { LifecyclePhaseSchema, LifecycleStageSchema } from '../entities/lifecycle.ts';
import { IsoDateSchema, IsoDateTimeSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

export const LifecycleStageChanged = defineEvent({
  source: 'hub360.insights',
  detailType: 'LifecycleStageChanged',
  schemaVersion: 1,
  description:
    'A customer moved to another lifecycle stage (from orders, complaints, payments, web interest or inactivity); says why, with evidence.',
  payload: {
    customerId: z.string(),
    transitionId: z.string(),
    /** Null the first time the hub gives the customer a stage. */
    from: LifecycleStageSchema.nullable(),
    to: LifecycleStageSchema,
    phase: LifecyclePhaseSchema,
    changedAt: IsoDateTimeSchema,
    reason: LifecycleReasonSchema,
    text: z.string(),
    evidence: LifecycleEvidenceSchema,
  },
});
export type LifecycleStageChangedDetail = z.infer<typeof LifecycleStageChanged.detail>;

export const ChurnRiskRaised = defineEvent({
  source: 'hub360.insights',
  detailType: 'ChurnRiskRaised',
  schemaVersion: 1,
  description:
    'A valuable customer shows signs of leaving (score and signals); raised once per episode, until ChurnRiskCleared.',
  payload: {
    customerId: z.string(),
    episodeId: z.string(),
    score: z.number().int().min(0).max(100),
    signals: z.array(ChurnSignalSchema),
    revenueInValueWindow: z.number(),
    keyCustomer: z.boolean(),
    raisedAt: IsoDateTimeSchema,
  },
});
export type ChurnRiskRaisedDetail = z.infer<typeof ChurnRiskRaised.detail>;

export const ChurnRiskCleared = defineEvent({
  source: 'hub360.insights',
  detailType: 'ChurnRiskCleared',
  schemaVersion: 1,
  description:
    'The churn risk of a customer passed (or it is no longer valuable or active); closes the episode ChurnRiskRaised opened.',
  payload: {
    customerId: z.string(),
    episode: ChurnEpisodeSchema.required({ closedAt: true, closeReason: true }),
  },
});
export type ChurnRiskClearedDetail = z.infer<typeof ChurnRiskCleared.detail>;

export const CustomerStatusChanged = defineEvent({
  source: 'hub360.insights',
  detailType: 'CustomerStatusChanged',
  schemaVersion: 1,
  description:
    "A customer's payment-risk or profit status changed; says from what to what, why, and on which invoices or orders.",
  payload: { customerId: z.string(), change: StatusTransitionSchema },
});
export type CustomerStatusChangedDetail = z.infer<typeof CustomerStatusChanged.detail>;

const keyCustomerPayload = {
  customerId: z.string(),
  /** Position by revenue in the computation that decided (1 = most revenue); null when no revenue. */
  rank: z.number().int().positive().nullable(),
  revenue: z.number(),
  cumulativeShare: z.number().nullable(),
  revenueShareRule: z.number(),
  windowStart: IsoDateSchema,
  computedAt: IsoDateTimeSchema,
};

export const KeyCustomerFlagged = defineEvent({
  source: 'hub360.insights',
  detailType: 'KeyCustomerFlagged',
  schemaVersion: 1,
  description:
    'A customer became a key customer: among the fewest customers who together bring the configured share of revenue.',
  payload: keyCustomerPayload,
});
export type KeyCustomerFlaggedDetail = z.infer<typeof KeyCustomerFlagged.detail>;

export const KeyCustomerUnflagged = defineEvent({
  source: 'hub360.insights',
  detailType: 'KeyCustomerUnflagged',
  schemaVersion: 1,
  description: 'A customer is no longer a key customer in the latest Pareto computation.',
  payload: keyCustomerPayload,
});
export type KeyCustomerUnflaggedDetail = z.infer<typeof KeyCustomerUnflagged.detail>;

/** Every event the insights capability publishes (docs/insights.md, docs/schemas/events/). */
export const insightEvents = {
  LifecycleStageChanged,
  ChurnRiskRaised,
  ChurnRiskCleared,
  CustomerStatusChanged,
  KeyCustomerFlagged,
  KeyCustomerUnflagged,
} as const;
export type InsightEventName = keyof typeof insightEvents;
