import * as z from 'zod';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { decideRetention, type RetentionTrigger } from '../../core/reactions/retention.ts';
import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import { ChurnRiskRaised, LifecycleStageChanged } from '../../schemas/events/insight-events.ts';
import { writeDecisionOnce } from './write-decision.ts';

/** The EventBridge event a rule hands the retention decision. */
export const InsightEventSchema = z.looseObject({
  'detail-type': z.enum(['LifecycleStageChanged', 'ChurnRiskRaised']),
  detail: z.looseObject({}),
});

export type RetentionOutcome =
  | { readonly kind: 'decided'; readonly reactionKey: string }
  | { readonly kind: 'alreadyDecided'; readonly reactionKey: string }
  | { readonly kind: 'notNeeded'; readonly reason: string };

const triggerOf = (event: z.infer<typeof InsightEventSchema>): RetentionTrigger => {
  if (event['detail-type'] === 'ChurnRiskRaised') {
    const detail = ChurnRiskRaised.detail.parse(event.detail);
    return {
      kind: 'churnRisk',
      eventId: detail.metadata.eventId,
      at: detail.raisedAt,
      customerId: detail.customerId,
      episodeId: detail.episodeId,
      keyCustomer: detail.keyCustomer,
      revenueInValueWindow: detail.revenueInValueWindow,
    };
  }
  const detail = LifecycleStageChanged.detail.parse(event.detail);
  return {
    kind: 'stageChanged',
    eventId: detail.metadata.eventId,
    at: detail.changedAt,
    customerId: detail.customerId,
    transitionId: detail.transitionId,
    to: detail.to,
  };
};

/**
 * Turns a churn warning or a move into doubtful/dormant into a retention task carrying the customer's
 * 360 summary, read now, once per transition or episode. The task becomes a `RetentionTaskDue` event
 * through the change feed, and the call-center rule delivers it like every other reaction (rate limit,
 * retries, dead letters); the summary travels in the event, so the rule needs no store access.
 */
export const decideRetentionTask = async (
  event: unknown,
  deps: {
    readonly store: Pick<CustomerStore, 'getCustomer360'>;
    readonly backend: StoreBackend;
    readonly now: () => Date;
    readonly config?: ReactionsConfig;
  },
): Promise<RetentionOutcome> => {
  const config = deps.config ?? DEFAULT_REACTIONS_CONFIG;
  const parsed = InsightEventSchema.parse(event);
  const trigger = triggerOf(parsed);
  const backfill = (parsed.detail.metadata as { backfill?: string } | undefined)?.backfill;
  if (backfill !== undefined) return { kind: 'notNeeded', reason: `backfill (${backfill})` };
  let customerId = trigger.customerId;
  for (let hops = 0; hops < 3; hops += 1) {
    const read = await deps.store.getCustomer360(customerId);
    if (read.kind === 'merged') {
      customerId = read.mergedInto;
      continue;
    }
    if (read.kind !== 'found') return { kind: 'notNeeded', reason: `customer ${customerId} is ${read.kind}` };
    const task = decideRetention({
      trigger: { ...trigger, customerId },
      view: read.view,
      now: deps.now(),
      highValueRevenue: config.retentionHighValueRevenue,
      revenueWindowDays: config.retentionRevenueWindowDays,
    });
    if (!task) return { kind: 'notNeeded', reason: 'not at risk, or neither key nor high-value' };
    const now = deps.now();
    const written = await writeDecisionOnce(
      deps.backend,
      { detailType: 'RetentionTaskDue', payload: task },
      { decidedAt: now.toISOString(), writtenAt: now },
    );
    return { kind: written ? 'decided' : 'alreadyDecided', reactionKey: task.reactionKey };
  }
  return { kind: 'notNeeded', reason: `customer ${trigger.customerId} is merged too deeply` };
};
