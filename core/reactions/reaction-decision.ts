import type { Item } from '../items/record-items.ts';

/**
 * The reaction events a decision can announce. Each decision item names one; the change feed turns
 * the item into that event, so a reaction is announced from the stream like every other change.
 */
export const REACTION_DETAIL_TYPES = [
  'PaymentFollowUpDue',
  'CrossSellOpportunityFound',
  'ProductIssueThresholdReached',
  'WarrantyExpiring',
  'LateShipmentNoticeDue',
  'RetentionTaskDue',
] as const;
export type ReactionDetailType = (typeof REACTION_DETAIL_TYPES)[number];

/** A reaction the hub decided on: its event type and payload (without envelope metadata). */
export interface ReactionDecision {
  readonly detailType: ReactionDetailType;
  readonly payload: { readonly reactionKey: string } & Record<string, unknown>;
}

/** Partition of the decision items: one item per reaction key, so a conditional put makes it happen once. */
export const reactionDecisionKey = (reactionKey: string) => ({
  pk: `REACTION#${reactionKey}`,
  sk: 'DECISION',
});

/**
 * The item a decision is stored as. `occurredAt` is when the triggering change happened; `backfill`
 * is carried over from it so the event says it too (history is not news).
 */
export const reactionDecisionItem = (
  decision: ReactionDecision,
  decidedAt: string,
  backfill?: string,
): Item => ({
  ...reactionDecisionKey(decision.payload.reactionKey),
  kind: 'reaction',
  detailType: decision.detailType,
  reactionKey: decision.payload.reactionKey,
  decidedAt,
  payload: decision.payload,
  ...(backfill === undefined ? {} : { backfill }),
});
