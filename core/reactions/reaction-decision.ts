import type { Item } from '../items/record-items.ts';
import { ttlAttribute } from '../items/table-attributes.ts';

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

/**
 * A decision is two items under the reaction key's partition. The marker (`DECISION`) says the reaction was
 * decided: a conditional put of it makes the reaction happen once, and it keeps no payload, so it holds no
 * personal data beyond the key itself (a source record key or the customer's hub id). The announcement
 * (`ANNOUNCEMENT`) carries the payload: the change feed turns its insert into the event, and DynamoDB's TTL
 * removes it a day later (docs/privacy.md). Markers written before the split carried the payload too; the store
 * check rewrites them without it (`decisionKeepsPayload`, core/store-check).
 */
export const reactionDecisionKey = (reactionKey: string) => ({
  pk: `REACTION#${reactionKey}`,
  sk: 'DECISION',
});

/** The announcement of a decision: the item the change feed publishes. */
export const reactionAnnouncementKey = (reactionKey: string) => ({
  pk: `REACTION#${reactionKey}`,
  sk: 'ANNOUNCEMENT',
});

/** How long an announcement is kept: the stream publishes its insert within seconds; the day covers retries. */
export const ANNOUNCEMENT_TTL_SECONDS = 24 * 60 * 60;

/** The marker of a decision: what it was and when, without the payload. */
export const reactionDecisionItem = (decision: ReactionDecision, decidedAt: string): Item => ({
  ...reactionDecisionKey(decision.payload.reactionKey),
  kind: 'reactionDecided',
  detailType: decision.detailType,
  reactionKey: decision.payload.reactionKey,
  decidedAt,
});

/** When a decision happened and was written. */
export interface DecisionTimes {
  /** When the triggering change happened (the event's `occurredAt`). */
  readonly decidedAt: string;
  /** Carried over from the change, so the event says it too (history is not news). */
  readonly backfill?: string | undefined;
  /** Now: the announcement's expiry counts from here (a backfilled change may have happened years ago). */
  readonly writtenAt: Date;
}

/** The announcement of a decision: its event type and payload, expiring a day after it was written. */
export const reactionAnnouncementItem = (decision: ReactionDecision, times: DecisionTimes): Item => ({
  ...reactionAnnouncementKey(decision.payload.reactionKey),
  kind: 'reaction',
  detailType: decision.detailType,
  reactionKey: decision.payload.reactionKey,
  decidedAt: times.decidedAt,
  payload: decision.payload,
  ...(times.backfill === undefined ? {} : { backfill: times.backfill }),
  [ttlAttribute]: Math.floor(times.writtenAt.getTime() / 1000) + ANNOUNCEMENT_TTL_SECONDS,
});
