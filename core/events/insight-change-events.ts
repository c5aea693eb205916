import type { HubEvent } from '../../schemas/events/event-envelope.ts';
import type { InsightEvaluation } from '../insights/evaluate-insights.ts';
import { insightEventsFor, keyCustomerEventsFor } from '../insights/insight-events.ts';
import type { KeyCustomerComputation } from '../insights/key-customers.ts';
import { type InsightsItem, InsightsItemSchema } from '../insights/store/insight-items.ts';
import type { ChangeRecord } from './change-record.ts';

/** Thrown when an INSIGHTS item in the stream does not parse: a bug or corrupt item, never skipped. */
export class MalformedInsightsItemError extends Error {
  override readonly name = 'MalformedInsightsItemError';
}

const parseImage = (change: ChangeRecord, image: Record<string, unknown>): InsightsItem => {
  const parsed = InsightsItemSchema.safeParse(image);
  if (!parsed.success) {
    throw new MalformedInsightsItemError(
      `insights item ${change.keys.pk}/${change.keys.sk}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
};

/** A one-customer key computation, rebuilt from the standing the item stores, for the flag events. */
const computationOf = (item: InsightsItem): KeyCustomerComputation | undefined => {
  const standing = item.detail.keyCustomer;
  if (!standing) return undefined;
  return {
    computedAt: standing.computedAt,
    windowStart: standing.windowStart,
    revenueShare: standing.revenueShareRule,
    totalRevenue: 0,
    ranking:
      standing.rank === null
        ? // Stryker disable next-line ArrayDeclaration: the flag events look rankings up by customer id, so an entry without one is never found
          []
        : [
            {
              customerId: item.customerId,
              revenue: standing.revenue,
              rank: standing.rank,
              cumulativeShare: standing.cumulativeShare ?? 0,
              key: standing.flagged,
            },
          ],
    keyCustomerIds: standing.flagged ? [item.customerId] : [],
  };
};

/**
 * The events one write of a customer's INSIGHTS item means. The item carries what the evaluation that
 * wrote it changed (stage move, churn episode raised or cleared, status changes), announced through
 * `insightEventsFor`; the key-customer flag is compared between the old and new image. Event ids come
 * from the insight itself (transition id, episode id, computation time), so a redelivered stream record
 * publishes the same ids again. A removed item (merged away, erased) announces nothing: the merge or
 * erasure has its own event.
 */
export const insightItemEvents = (change: ChangeRecord, producer: string): HubEvent[] => {
  if (change.eventName === 'REMOVE' || !change.newImage) return [];
  const now = parseImage(change, change.newImage);
  const old = change.oldImage ? parseImage(change, change.oldImage) : undefined;
  if (old && old.version >= now.version) return [];
  const origin = { producer };
  const evaluation: InsightEvaluation = {
    customerId: now.customerId,
    state: now.state,
    detail: now.detail,
    lifecycleTransition: now.changes.lifecycleTransition,
    churnChange: now.changes.churnChange,
    statusChanges: now.changes.statusChanges,
  };
  const events = insightEventsFor(evaluation, origin);
  const wasKey = old?.detail.keyCustomer?.flagged ?? false;
  // Stryker disable next-line BooleanLiteral: without a standing there is no computation, so no flag event whatever isKey says
  const isKey = now.detail.keyCustomer?.flagged ?? false;
  const computation = computationOf(now);
  // Stryker disable next-line ConditionalExpression: with an unchanged flag the key-customer diff is empty, so skipping it only saves work
  if (wasKey !== isKey && computation) {
    events.push(...keyCustomerEventsFor(wasKey ? [now.customerId] : [], computation, origin));
  }
  return events;
};
