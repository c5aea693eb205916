import * as z from 'zod';
import { CustomerIdSchema } from './customer-id.ts';
import { pageOf } from './pagination.ts';

/** The enterprise system a reaction went to. */
export const ReactionSystemSchema = z.enum(['erp', 'call-center', 'sales', 'pdm', 'service']);
export type ReactionSystem = z.infer<typeof ReactionSystemSchema>;

/**
 * Whether the receiving system got the reaction: `sending` while it is handed to the system's target and no
 * outcome is reported yet (retries may be under way), `delivered` once the system accepted it (a 2xx answer),
 * `failed` once the target gave up and kept it as a dead letter. A dead letter re-driven and accepted becomes
 * `delivered` (on AWS `sending` with `resentAt` first, until its retry window passed without a new dead letter);
 * a delivered reaction stays delivered, unless it was only `inferred` and a dead letter comes.
 */
export const ReactionDeliverySchema = z
  .strictObject({
    status: z.enum(['sending', 'delivered', 'failed']),
    /** When the outcome was reported (absent while sending). */
    at: z.iso.datetime({ offset: true }).optional(),
    /** Attempts the target made until the outcome. */
    attempts: z.number().int().nonnegative().optional(),
    /** Why it failed: the last error the target got. */
    reason: z.string().optional(),
    /**
     * `true` when no receipt said so: on AWS (no per-event success from API destinations) a reaction whose
     * retry window passed without a dead letter is taken as delivered; a dead letter still turns it `failed`.
     */
    inferred: z.literal(true).optional(),
    /**
     * When its dead letter was re-driven, on AWS where no receipt follows a redrive: the reaction is `sending`
     * again from then on, and a delivery `inferred` from it counts its retry window from this time.
     */
    resentAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'ReactionDelivery' });
export type ReactionDelivery = z.infer<typeof ReactionDeliverySchema>;

/**
 * One reaction the hub sent (or withdrew): a demand signal, task, lead, change request or notice. Recorded
 * by the hub when the rule fires and updated with how its delivery ended, so the feed and the outcome
 * measurement read the same facts on AWS and locally.
 */
export const ReactionRecordSchema = z
  .strictObject({
    reactionId: z.string(),
    rule: z.string(),
    system: ReactionSystemSchema,
    /** What the receiving system got: `demandSignal`, `retentionTask`, `paymentFollowUp`, `crossSellLead`, ... */
    kind: z.string(),
    at: z.iso.datetime({ offset: true }),
    eventId: z.string(),
    detailType: z.string(),
    customerId: CustomerIdSchema.optional(),
    partNumber: z.string().optional(),
    /** One line a business user can read ("Planned order 8 × P-100 by 2026-03-05"). */
    summary: z.string(),
    /** Whether the receiving system got it. */
    delivery: ReactionDeliverySchema,
    /** Whether the customer or part moved afterwards (closed loop); absent while the window is open. */
    outcome: z
      .strictObject({
        result: z.enum(['converted', 'noResponse', 'pending']),
        evidence: z.string().optional(),
        at: z.iso.datetime({ offset: true }).optional(),
      })
      .optional(),
  })
  .meta({ id: 'ReactionRecord' });
export type ReactionRecord = z.infer<typeof ReactionRecordSchema>;

/** `GET /reactions`: the reactions feed, newest first, paginated; filter by `system` or `rule`. */
export const ReactionFeedPageSchema = pageOf(ReactionRecordSchema, 'ReactionFeedPage');
export type ReactionFeedPage = z.infer<typeof ReactionFeedPageSchema>;

/** Per rule: how many reactions it sent and how many were followed by the movement it aims for. */
export const RuleOutcomeSchema = z
  .strictObject({
    rule: z.string(),
    system: ReactionSystemSchema,
    /** What counts as success, in words ("an order within 30 days"). */
    successMeans: z.string(),
    windowDays: z.number().int().positive(),
    /** Reactions the rule sent, whatever became of the delivery. */
    reactions: z.number().int().nonnegative(),
    /** Of those, accepted by the receiving system. */
    delivered: z.number().int().nonnegative(),
    /** Of those, given up as dead letters (not re-driven successfully yet). */
    failed: z.number().int().nonnegative(),
    /** Of those, still on their way (no outcome reported yet). */
    sending: z.number().int().nonnegative(),
    /** The closed loop counts delivered reactions only: a system that never got one cannot act on it. */
    converted: z.number().int().nonnegative(),
    noResponse: z.number().int().nonnegative(),
    pending: z.number().int().nonnegative(),
    /** converted / (converted + noResponse); absent while nothing is decided. */
    conversionRate: z.number().min(0).max(1).optional(),
  })
  .meta({ id: 'RuleOutcome' });
export type RuleOutcome = z.infer<typeof RuleOutcomeSchema>;

/** `GET /reactions/outcomes`: the closed loop, per rule. */
export const RuleOutcomesSchema = z
  .strictObject({ asOf: z.iso.datetime({ offset: true }), rules: z.array(RuleOutcomeSchema) })
  .meta({ id: 'RuleOutcomes' });
export type RuleOutcomes = z.infer<typeof RuleOutcomesSchema>;
