import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type {
  LifecycleAssessment,
  LifecycleEvidence,
  LifecycleReason,
} from '../../schemas/entities/customer-insights.ts';
import type { LifecycleStage } from '../../schemas/entities/lifecycle.ts';
import { dayNumber, monthsBefore } from './calendar.ts';
import {
  issuesBetween,
  openQuotesSince,
  overdueInvoices,
  purchases,
  usualIntervalDays,
} from './fact-queries.ts';
import { PHASE_OF_STAGE } from './lifecycle-phases.ts';

const assessment = (
  stage: LifecycleStage,
  reason: LifecycleReason,
  text: string,
  evidence: LifecycleEvidence,
): LifecycleAssessment => ({ stage, phase: PHASE_OF_STAGE[stage], reason, text, evidence });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A customer without purchases: interested when it showed interest recently, otherwise a prospect. */
const classifyNonBuyer = (facts: CustomerFacts, config: InsightsConfig, now: string): LifecycleAssessment => {
  const { interestWindowDays, interestMinWebEvents } = config.lifecycle;
  const windowStart = dayNumber(now) - interestWindowDays;
  const quotes = openQuotesSince(facts, windowStart);
  if (quotes.length > 0) {
    return assessment(
      'interested',
      'openQuote',
      `Has ${plural(quotes.length, 'open quotation')} from the last ${interestWindowDays} days and no order yet.`,
      { quoteNumbers: quotes.map((q) => q.orderNumber) },
    );
  }
  const enquiries = facts.contacts
    .filter(
      (c) =>
        c.direction !== 'outbound' &&
        (c.category === 'sales' || c.category === 'order') &&
        dayNumber(c.occurredAt) >= windowStart,
    )
    .map((c) => c.interactionId)
    .sort();
  if (enquiries.length > 0) {
    return assessment(
      'interested',
      'salesEnquiry',
      `Asked about buying (${plural(enquiries.length, 'sales enquiry', 'sales enquiries')}) in the last ${interestWindowDays} days.`,
      { enquiryIds: enquiries },
    );
  }
  const webEvents = facts.webInterest.filter((w) => dayNumber(w.at) >= windowStart).length;
  if (webEvents >= interestMinWebEvents) {
    return assessment(
      'interested',
      'webInterest',
      `Looked at products on the web ${plural(webEvents, 'time')} in the last ${interestWindowDays} days (${interestMinWebEvents} needed).`,
      { webInterestEvents: webEvents },
    );
  }
  return assessment(
    'prospect',
    'noSignals',
    `No order, and not enough recent interest (${plural(webEvents, 'web interest event')} in the last ${interestWindowDays} days, ${interestMinWebEvents} needed; no open quotation or enquiry).`,
    { webInterestEvents: webEvents, orderCount: 0 },
  );
};

/**
 * Where the customer stands on `now`, from its facts alone. The stage depends only on the facts and the
 * clock, never on the order the facts arrived in; {@link evaluateLifecycle} adds what the previous stage
 * says about the move (reactivated, doubt resolved, interest lapsed).
 *
 * Order of the rules: no purchases → prospect / interested; idle past the churn threshold → churned;
 * idle past the dormant threshold → dormant; not yet loyal with a recent complaint, return or long-overdue
 * invoice → doubtful; loyal order history → long-term; repeat orders → short-term; else first-time.
 */
export const classifyLifecycle = (
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
): LifecycleAssessment => {
  const orders = purchases(facts);
  const first = orders[0];
  const last = orders[orders.length - 1];
  // Stryker disable next-line LogicalOperator: first and last are the two ends of one list, so both are undefined or neither; `||` only narrows both types
  if (!first || !last) return classifyNonBuyer(facts, config, now);

  const c = config.lifecycle;
  const today = dayNumber(now);
  const ownInterval = usualIntervalDays(orders);
  const interval = ownInterval ?? c.defaultPurchaseIntervalDays;
  const daysIdle = Math.max(0, today - dayNumber(last.orderedAt));
  const dormantAfter = Math.max(c.dormantMinIdleDays, Math.ceil(c.dormantIntervalFactor * interval));
  const churnedAfter = Math.max(c.churnedAfterDays, dormantAfter);
  const rhythm =
    ownInterval === undefined
      ? `with a single order a usual interval of ${interval} days is assumed`
      : `this customer usually orders every ${interval} days`;
  const idleEvidence: LifecycleEvidence = {
    orderCount: orders.length,
    lastOrderAt: last.orderedAt,
    orderNumbers: [last.orderNumber],
    daysIdle,
    usualIntervalDays: interval,
  };

  if (daysIdle >= churnedAfter) {
    return assessment(
      'churned',
      'longInactivity',
      `No order for ${daysIdle} days (last ${last.orderNumber}); after ${churnedAfter} days without an order a customer counts as lost.`,
      { ...idleEvidence, thresholdDays: churnedAfter },
    );
  }
  if (daysIdle >= dormantAfter) {
    return assessment(
      'dormant',
      'inactivity',
      `No order for ${daysIdle} days (last ${last.orderNumber}); ${rhythm}, so after ${dormantAfter} days it counts as dormant.`,
      { ...idleEvidence, thresholdDays: dormantAfter },
    );
  }

  const spanDays = dayNumber(last.orderedAt) - dayNumber(first.orderedAt);
  const loyal =
    orders.length >= c.longTermMinOrders &&
    monthsBefore(last.orderedAt, c.longTermMinSpanMonths) >= dayNumber(first.orderedAt);
  const orderEvidence: LifecycleEvidence = {
    orderCount: orders.length,
    orderNumbers: orders.map((o) => o.orderNumber),
    firstOrderAt: first.orderedAt,
    lastOrderAt: last.orderedAt,
    orderSpanDays: spanDays,
  };

  if (!loyal) {
    const issues = issuesBetween(facts, today - c.doubtfulWindowDays, today);
    const latestIssue = issues[issues.length - 1];
    if (latestIssue) {
      const isReturn = latestIssue.category === 'return';
      return assessment(
        'doubtful',
        isReturn ? 'return' : 'complaint',
        `${isReturn ? 'Returned goods' : 'Complained'} (${issues.map((i) => i.interactionId).join(', ')}) within ${c.doubtfulWindowDays} days while still a new customer (${plural(orders.length, 'order')}).`,
        { ...orderEvidence, complaintIds: issues.map((i) => i.interactionId) },
      );
    }
    const unpaid = overdueInvoices(facts, now).filter((o) => o.daysOverdue >= c.doubtfulOverdueDays);
    const worst = unpaid[0];
    if (worst) {
      return assessment(
        'doubtful',
        'paymentProblem',
        `${plural(unpaid.length, 'invoice')} unpaid ${c.doubtfulOverdueDays} or more days past due (oldest ${worst.invoice.invoiceNumber}, ${worst.daysOverdue} days) while still a new customer.`,
        {
          ...orderEvidence,
          overdueInvoiceNumbers: unpaid.map((o) => o.invoice.invoiceNumber),
          maxDaysOverdue: worst.daysOverdue,
        },
      );
    }
  }
  if (loyal) {
    return assessment(
      'longTerm',
      'loyalOrderHistory',
      `${plural(orders.length, 'order')} over ${spanDays} days (at least ${c.longTermMinOrders} orders over ${c.longTermMinSpanMonths} months make a long-term customer).`,
      orderEvidence,
    );
  }
  if (orders.length >= c.shortTermMinOrders) {
    return assessment(
      'shortTerm',
      'repeatOrders',
      `Ordered again: ${plural(orders.length, 'order')} so far (${c.longTermMinOrders} over ${c.longTermMinSpanMonths} months make a long-term customer).`,
      orderEvidence,
    );
  }
  return assessment('firstTime', 'firstOrder', `First order ${first.orderNumber} placed.`, orderEvidence);
};
