import * as z from 'zod';
import {
  ChurnEpisodeSchema,
  CustomerInsightsDetailSchema,
  CustomerInsightsStateSchema,
  LifecycleTransitionSchema,
  RfmBoundariesSchema,
  StatusTransitionSchema,
} from '../../../schemas/entities/customer-insights.ts';
import { keys } from '../../items/keys.ts';
import type { Item } from '../../items/record-items.ts';
import { parseStateItem } from '../../items/state-items.ts';
import type { InsightEvaluation } from '../evaluate-insights.ts';
import type { SegmentMembership } from './segments.ts';

/** What the evaluation that wrote an INSIGHTS item changed: the change feed announces exactly these. */
export const InsightChangesSchema = z.object({
  lifecycleTransition: LifecycleTransitionSchema.nullable(),
  churnChange: z.object({ kind: z.enum(['raised', 'cleared']), episode: ChurnEpisodeSchema }).nullable(),
  statusChanges: z.array(StatusTransitionSchema),
});
export type InsightChanges = z.infer<typeof InsightChangesSchema>;

/**
 * A customer's insights item (`CUST#<id>` / `INSIGHTS`): the state the next evaluation continues from,
 * the 360 view's detail, what the write changed, and `version` for optimistic concurrency.
 */
export const InsightsItemSchema = z.object({
  kind: z.literal('insights'),
  customerId: z.string(),
  version: z.number().int().positive(),
  /** Hash of state and detail (without the evaluation time): equal means nothing worth writing changed. */
  fingerprint: z.string(),
  evaluatedAt: z.string(),
  state: CustomerInsightsStateSchema,
  detail: CustomerInsightsDetailSchema,
  changes: InsightChangesSchema,
});
export type InsightsItem = z.infer<typeof InsightsItemSchema>;

/** A segment membership item: in the customer's partition, in the segment's partition of gsi1. */
export const MembershipItemSchema = z.object({
  kind: z.literal('segmentMember'),
  customerId: z.string(),
  segment: z.string(),
  since: z.string(),
  reason: z.string(),
  /** The customer's name as lists show it, kept here so listing a segment reads no member partition. */
  displayName: z.string().optional(),
});
export type MembershipItem = z.infer<typeof MembershipItemSchema>;

/** Population-wide results the per-customer evaluation needs (written by the scheduled re-evaluation). */
export const PopulationItemSchema = z.object({
  kind: z.literal('insightsPopulation'),
  computedAt: z.string(),
  rfmBoundaries: RfmBoundariesSchema.nullable(),
  keyCustomerIds: z.array(z.string()),
  totalRevenue: z.number(),
  customers: z.number().int().nonnegative(),
});
export type PopulationItem = z.infer<typeof PopulationItemSchema>;

export const populationKey = { pk: keys.insightsPopulation, sk: keys.insightsPopulationSort } as const;

export const parseInsightsItem = (item: Item): InsightsItem => parseStateItem(InsightsItemSchema, item);
export const parseMembershipItem = (item: Item): MembershipItem => parseStateItem(MembershipItemSchema, item);
export const parsePopulationItem = (item: Item): PopulationItem => parseStateItem(PopulationItemSchema, item);

/** The insights item for one evaluation. */
export const buildInsightsItem = (
  evaluation: InsightEvaluation,
  version: number,
  fingerprint: string,
  evaluatedAt: string,
): Item => ({
  pk: keys.customer(evaluation.customerId),
  sk: keys.insights,
  kind: 'insights',
  customerId: evaluation.customerId,
  version,
  fingerprint,
  evaluatedAt,
  state: evaluation.state,
  detail: evaluation.detail,
  changes: {
    lifecycleTransition: evaluation.lifecycleTransition,
    churnChange: evaluation.churnChange,
    statusChanges: evaluation.statusChanges,
  },
});

/**
 * A membership item. Its gsi1 keys put it in the segment's partition (`SEGMENT#<kind>:<value>`), sorted by
 * customer, so listing a segment is a Query and an empty segment costs nothing: the index is sparse.
 */
export const buildMembershipItem = (
  customerId: string,
  membership: SegmentMembership,
  displayName: string | undefined,
): Item => ({
  pk: keys.customer(customerId),
  sk: keys.insightMembership(membership.kind),
  kind: 'segmentMember',
  customerId,
  segment: membership.segment,
  since: membership.since,
  reason: membership.reason,
  ...(displayName === undefined ? {} : { displayName }),
  gsi1pk: keys.segmentPk(membership.segment),
  gsi1sk: keys.customer(customerId),
});

/** The population item. */
export const buildPopulationItem = (population: PopulationItem): Item => ({
  ...populationKey,
  ...population,
});
