import type { z } from 'zod';
import type { EventDefinition, HubEvent } from '../../schemas/events/event-envelope.ts';
import {
  CrossSellOpportunityFound,
  PaymentFollowUpDue,
  ProductIssueThresholdReached,
  WarrantyExpiring,
} from '../../schemas/events/reaction-events.ts';
import { LateShipmentNoticeDue, RetentionTaskDue } from '../../schemas/events/service-reaction-events.ts';
import type { ReactionDetailType } from '../reactions/reaction-decision.ts';
import type { ChangeRecord } from './change-record.ts';
import { describeIssues } from './describe-issues.ts';
import { correlationIdFor } from './event-ids.ts';

// Stryker disable next-line ObjectLiteral: static (built when the module loads); an empty map fails every decision test of reaction-change-events.test.ts when applied by hand
const definitions: Record<ReactionDetailType, EventDefinition<z.ZodType>> = {
  PaymentFollowUpDue,
  CrossSellOpportunityFound,
  ProductIssueThresholdReached,
  WarrantyExpiring,
  LateShipmentNoticeDue,
  RetentionTaskDue,
};

/** Thrown when a decision item cannot become its event: a bug, never to be skipped silently. */
export class UnpublishableDecisionError extends Error {
  override readonly name = 'UnpublishableDecisionError';
}

/**
 * A decision's announcement, inserted once per reaction key beside its marker, becomes its `hub360.reactions` event
 * (its removal by TTL a day later announces nothing). The
 * event id derives from the reaction key, so every copy of the event (a retried batch, a replay) carries
 * the same id: the receiving system's idempotency key.
 */
export const mapReactionDecisionToEvents = (change: ChangeRecord): HubEvent[] => {
  if (change.eventName !== 'INSERT' || !change.newImage) return [];
  const image = change.newImage;
  const detailType = String(image.detailType) as ReactionDetailType;
  const definition = definitions[detailType];
  if (!definition) {
    throw new UnpublishableDecisionError(`decision ${change.keys.pk} names unknown event "${detailType}"`);
  }
  const reactionKey = String(image.reactionKey);
  const detail = {
    schemaVersion: definition.schemaVersion,
    metadata: {
      eventId: correlationIdFor('reaction', reactionKey, detailType),
      correlationId: correlationIdFor(reactionKey),
      occurredAt: String(image.decidedAt),
      producer: 'reaction-decisions',
      ...(image.backfill === undefined ? {} : { backfill: image.backfill }),
    },
    ...(image.payload as Record<string, unknown>),
  };
  const parsed = definition.detail.safeParse(detail);
  if (!parsed.success) {
    throw new UnpublishableDecisionError(`${detailType} for ${reactionKey}: ${describeIssues(parsed.error)}`);
  }
  return [{ source: definition.source, detailType, detail: parsed.data as HubEvent['detail'] }];
};
