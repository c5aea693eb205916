import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type {
  ChurnAssessment,
  ChurnEpisode,
  ChurnSignal,
  ChurnState,
} from '../../schemas/entities/customer-insights.ts';
import type { LifecycleStage } from '../../schemas/entities/lifecycle.ts';
import { dayNumber, laterOf, monthsBefore } from './calendar.ts';
import {
  cents,
  issuesBetween,
  overdueInvoices,
  purchases,
  revenueBetween,
  usualIntervalDays,
} from './fact-queries.ts';

/** What the churn warning needs besides the facts: the stage just evaluated and the key-customer flag. */
export interface ChurnContext {
  readonly stage: LifecycleStage;
  readonly keyCustomer: boolean;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const ACTIVE_STAGES: ReadonlySet<LifecycleStage> = new Set([
  'firstTime',
  'doubtful',
  'shortTerm',
  'longTerm',
  'dormant',
]);

const intervalSignal = (facts: CustomerFacts, config: InsightsConfig, now: string): ChurnSignal => {
  const c = config.churn;
  const orders = purchases(facts);
  const last = orders[orders.length - 1];
  const usual = usualIntervalDays(orders) ?? config.lifecycle.defaultPurchaseIntervalDays;
  if (!last) {
    return {
      name: 'purchaseInterval',
      points: 0,
      weight: c.intervalWeight,
      text: 'No purchase yet.',
      inputs: {},
    };
  }
  const daysIdle = Math.max(0, dayNumber(now) - dayNumber(last.orderedAt));
  const ratio = daysIdle / usual;
  const points =
    c.intervalWeight * clamp01((ratio - c.intervalRatioStart) / (c.intervalRatioFull - c.intervalRatioStart));
  return {
    name: 'purchaseInterval',
    points: cents(points),
    weight: c.intervalWeight,
    text: `${daysIdle} days since the last order against a usual ${usual} days (${cents(ratio)}×; counts from ${c.intervalRatioStart}×, full at ${c.intervalRatioFull}×).`,
    inputs: { daysIdle, usualIntervalDays: usual, ratio: cents(ratio), lastOrder: last.orderNumber },
  };
};

const complaintSignal = (facts: CustomerFacts, config: InsightsConfig, now: string): ChurnSignal => {
  const c = config.churn;
  const today = dayNumber(now);
  const recent = issuesBetween(facts, today - c.complaintWindowDays + 1, today);
  const before = issuesBetween(facts, today - 2 * c.complaintWindowDays + 1, today - c.complaintWindowDays);
  const rising = recent.length > before.length;
  const points = rising ? c.complaintWeight * clamp01(recent.length / c.complaintsForFull) : 0;
  return {
    name: 'risingComplaints',
    points: cents(points),
    weight: c.complaintWeight,
    text: `${recent.length} complaints or returns in the last ${c.complaintWindowDays} days against ${before.length} in the ${c.complaintWindowDays} days before${rising ? ' (rising)' : ''}.`,
    inputs: {
      recent: recent.length,
      before: before.length,
      complaintIds: recent.map((i) => i.interactionId),
    },
  };
};

const overdueSignal = (facts: CustomerFacts, config: InsightsConfig, now: string): ChurnSignal => {
  const c = config.churn;
  const overdue = overdueInvoices(facts, now);
  const maxDays = overdue[0]?.daysOverdue ?? 0;
  return {
    name: 'overduePayments',
    points: cents(c.overdueWeight * clamp01(maxDays / c.overdueDaysForFull)),
    weight: c.overdueWeight,
    text:
      overdue.length === 0
        ? 'No overdue invoice.'
        : `${overdue.length} overdue invoices, the oldest ${maxDays} days past due (full weight at ${c.overdueDaysForFull}).`,
    inputs: {
      maxDaysOverdue: maxDays,
      arrears: cents(overdue.reduce((s, o) => s + o.invoice.openAmount, 0)),
      invoiceNumbers: overdue.map((o) => o.invoice.invoiceNumber),
    },
  };
};

/**
 * The churn score on `now`: the sum of the signals' points, rounded, 0–100. Computed for everyone, but
 * a warning is only raised for valuable, active customers (see {@link evaluateChurnWarning}).
 */
export const assessChurnRisk = (
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
  context: ChurnContext,
): ChurnAssessment => {
  const signals = [
    intervalSignal(facts, config, now),
    complaintSignal(facts, config, now),
    overdueSignal(facts, config, now),
  ];
  const score = Math.min(100, Math.round(signals.reduce((s, x) => s + x.points, 0)));
  const revenue = cents(
    revenueBetween(purchases(facts), monthsBefore(now, config.churn.valueWindowMonths), dayNumber(now)),
  );
  return {
    score,
    valuable: context.keyCustomer || revenue >= config.churn.minValuableRevenue,
    active: ACTIVE_STAGES.has(context.stage),
    revenueInValueWindow: revenue,
    keyCustomer: context.keyCustomer,
    signals,
  };
};

/** A change of the warning: an episode opened (raise the warning) or closed (clear it). */
export type ChurnWarningChange =
  | { readonly kind: 'raised'; readonly episode: ChurnEpisode }
  | { readonly kind: 'cleared'; readonly episode: ChurnEpisode };

export interface ChurnWarningEvaluation {
  readonly state: ChurnState;
  readonly assessment: ChurnAssessment;
  readonly change: ChurnWarningChange | null;
}

export const NO_CHURN_EPISODES: ChurnState = { open: null, lastClosed: null };

/**
 * Raises a churn warning once per episode. An episode opens when a valuable, active customer's score
 * reaches `raiseAtScore`, and stays open (no further warnings) until the score falls below
 * `clearBelowScore`, or the customer is no longer valuable or active; the gap between the two
 * thresholds keeps small wobbles from opening and closing episodes. Re-evaluating with the returned
 * state changes nothing; a clock earlier than the last episode change is treated as that moment.
 */
export const evaluateChurnWarning = (
  previous: ChurnState | undefined,
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
  context: ChurnContext,
): ChurnWarningEvaluation => {
  const state = previous ?? NO_CHURN_EPISODES;
  const lastChange = state.open?.openedAt ?? state.lastClosed?.closedAt;
  const at = lastChange ? laterOf(now, lastChange) : now;
  const assessment = assessChurnRisk(facts, config, at, context);
  const { open } = state;
  if (open) {
    const closeReason = !assessment.valuable
      ? 'noLongerValuable'
      : !assessment.active
        ? 'noLongerActive'
        : assessment.score < config.churn.clearBelowScore
          ? 'riskPassed'
          : undefined;
    if (!closeReason) return { state, assessment, change: null };
    const closed: ChurnEpisode = { ...open, closedAt: at, closeReason, scoreAtClose: assessment.score };
    return {
      state: { open: null, lastClosed: closed },
      assessment,
      change: { kind: 'cleared', episode: closed },
    };
  }
  if (assessment.valuable && assessment.active && assessment.score >= config.churn.raiseAtScore) {
    const episode: ChurnEpisode = {
      episodeId: `${facts.customerId}/churn/${at}`,
      openedAt: at,
      scoreAtOpen: assessment.score,
      signalsAtOpen: assessment.signals.filter((s) => s.points > 0),
    };
    return { state: { ...state, open: episode }, assessment, change: { kind: 'raised', episode } };
  }
  return { state, assessment, change: null };
};
