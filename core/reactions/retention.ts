import type { Customer360View } from '../../schemas/entities/customer-360.ts';
import type {
  RetentionSummary,
  RetentionTaskDueDetail,
} from '../../schemas/events/service-reaction-events.ts';
import { daysBetween, isoDay } from '../calendar/calendar-day.ts';

export type RetentionTask = Omit<RetentionTaskDueDetail, 'schemaVersion' | 'metadata'>;

/** The insight that may call for a retention task, reduced to what the decision needs. */
export type RetentionTrigger =
  | {
      readonly kind: 'stageChanged';
      readonly eventId: string;
      readonly at: string;
      readonly customerId: string;
      readonly transitionId: string;
      readonly to: string;
    }
  | {
      readonly kind: 'churnRisk';
      readonly eventId: string;
      readonly at: string;
      readonly customerId: string;
      readonly episodeId: string;
      readonly keyCustomer: boolean;
      readonly revenueInValueWindow: number;
    };

const AT_RISK_STAGES = new Set(['doubtful', 'dormant']);
const OPEN_CASE = new Set(['open', 'inProgress']);

/** Revenue of the customer's orders (not quotes, not cancelled) placed within `days` before `now`. */
export const recentRevenue = (view: Customer360View, now: Date, days: number): number =>
  view.orders
    .map((order) => order.data)
    .filter((order) => order.status !== 'quote' && order.status !== 'cancelled')
    .filter((order) => daysBetween(order.orderedAt.slice(0, 10), isoDay(now)) <= days)
    .reduce((sum, order) => sum + order.netAmount, 0);

/** Who, what they own, open issues and last contact: what the agent reads before calling. */
export const summariseForRetention = (
  view: Customer360View,
  now: Date,
  revenueDays: number,
): RetentionSummary => {
  const statuses = [...view.statusHistory].sort((a, b) => a.changedAt.localeCompare(b.changedAt));
  const latest = (dimension: string) => statuses.filter((s) => s.dimension === dimension).at(-1)?.value;
  const today = isoDay(now);
  const stage = latest('lifecycleStage');
  return {
    ...(view.profile.name ? { name: view.profile.name.value } : {}),
    ...(view.profile.email ? { email: view.profile.email.value } : {}),
    ...(view.profile.phone ? { phone: view.profile.phone.value } : {}),
    ...(stage ? { lifecycleStage: stage } : {}),
    keyCustomer: latest('keyCustomer') === 'true',
    revenue: recentRevenue(view, now, revenueDays),
    productsOwned: view.installedProducts
      .map(({ data }) => ({
        partNumber: data.partNumber,
        ...(data.serialNumber ? { serialNumber: data.serialNumber } : {}),
        purchasedOn: data.purchasedOn,
      }))
      .sort((a, b) => b.purchasedOn.localeCompare(a.purchasedOn))
      .slice(0, 20),
    openIssues: view.interactions
      .map(({ data }) => data)
      .filter(
        (i) =>
          // Stryker disable next-line ConditionalExpression: equivalent, OPEN_CASE.has(undefined) is false as the guard is
          i.status !== undefined && OPEN_CASE.has(i.status),
      )
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .slice(0, 20)
      .map((i) => ({
        interactionId: i.interactionId,
        ...(i.subject ? { subject: i.subject } : {}),
        occurredAt: i.occurredAt,
      })),
    overdueInvoices: view.invoices.filter(
      ({ data }) => data.status !== 'paid' && data.status !== 'cancelled' && data.dueDate < today,
    ).length,
    ...(view.lastContact
      ? {
          lastContact: {
            at: view.lastContact.occurredAt,
            channel: view.lastContact.channel,
            ...(view.lastContact.agent ? { agent: view.lastContact.agent } : {}),
          },
        }
      : {}),
  };
};

/**
 * A retention task when a key or high-value customer shows churn risk or moves into doubtful or
 * dormant; once per stage transition or churn episode (its key).
 */
export const decideRetention = (input: {
  readonly trigger: RetentionTrigger;
  readonly view: Customer360View;
  readonly now: Date;
  readonly highValueRevenue: number;
  readonly revenueWindowDays: number;
}): RetentionTask | undefined => {
  const { trigger, view } = input;
  if (trigger.kind === 'stageChanged' && !AT_RISK_STAGES.has(trigger.to)) return undefined;
  const summary = summariseForRetention(view, input.now, input.revenueWindowDays);
  const valuable =
    summary.keyCustomer ||
    (summary.revenue ?? 0) >= input.highValueRevenue ||
    // Stryker disable next-line ConditionalExpression: equivalent, a stage-change trigger has no keyCustomer or revenueInValueWindow, so the clause is false for it either way
    (trigger.kind === 'churnRisk' &&
      (trigger.keyCustomer || trigger.revenueInValueWindow >= input.highValueRevenue));
  if (!valuable) return undefined;
  const reason = trigger.kind === 'churnRisk' ? 'churnRisk' : (trigger.to as 'doubtful' | 'dormant');
  const occasion = trigger.kind === 'churnRisk' ? trigger.episodeId : trigger.transitionId;
  return {
    reactionKey: `retention:${trigger.customerId}:${occasion}`,
    customerId: trigger.customerId,
    reason,
    triggeredBy: {
      detailType: trigger.kind === 'churnRisk' ? 'ChurnRiskRaised' : 'LifecycleStageChanged',
      eventId: trigger.eventId,
      at: trigger.at,
    },
    summary,
  };
};
