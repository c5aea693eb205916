import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type {
  CustomerStatusState,
  ProfitAssessment,
  RiskAssessment,
  StatusTransition,
} from '../../schemas/entities/customer-insights.ts';
import { dayNumber, laterOf, monthsBefore } from './calendar.ts';
import { cents, overdueInvoices, purchases } from './fact-queries.ts';

const dayToIso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * Payment risk on `now`: overdue invoices are derived from due date and open amount (not only the
 * source's status), arrears are their open amounts, and the average payment delay is taken over invoices
 * paid within `paymentHistoryMonths` (days paid after the due date, early payment counting as 0).
 */
export const assessPaymentRisk = (
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
): RiskAssessment => {
  const c = config.status;
  const overdue = overdueInvoices(facts, now);
  const arrears = cents(overdue.reduce((s, o) => s + o.invoice.openAmount, 0));
  const maxDaysOverdue = overdue[0]?.daysOverdue ?? 0;
  const historyStart = monthsBefore(now, c.paymentHistoryMonths);
  const paid = facts.invoices.filter(
    (i): i is typeof i & { paidOn: string } => i.paidOn !== undefined && dayNumber(i.paidOn) >= historyStart,
  );
  const averagePaymentDelayDays =
    paid.length === 0
      ? null
      : Math.round(
          (paid.reduce((s, i) => s + Math.max(0, dayNumber(i.paidOn) - dayNumber(i.dueDate)), 0) /
            paid.length) *
            10,
        ) / 10;
  const evidence = {
    overdueInvoiceNumbers: overdue.map((o) => o.invoice.invoiceNumber),
    arrears,
    maxDaysOverdue,
    averagePaymentDelayDays,
    paidInvoicesConsidered: paid.length,
    openAmount: cents(
      facts.invoices.filter((i) => i.status !== 'cancelled').reduce((s, i) => s + i.openAmount, 0),
    ),
  };
  const oldest = overdue[0]?.invoice.invoiceNumber;
  if (maxDaysOverdue >= c.highOverdueDays)
    return {
      value: 'high',
      reason: 'longOverdue',
      text: `Invoice ${oldest} is ${maxDaysOverdue} days overdue (high from ${c.highOverdueDays}).`,
      evidence,
    };
  if (arrears >= c.highArrearsAmount)
    return {
      value: 'high',
      reason: 'highArrears',
      text: `Arrears of ${arrears} (high from ${c.highArrearsAmount}).`,
      evidence,
    };
  if (maxDaysOverdue >= c.elevatedOverdueDays)
    return {
      value: 'elevated',
      reason: 'overdue',
      text: `Invoice ${oldest} is ${maxDaysOverdue} days overdue (elevated from ${c.elevatedOverdueDays}).`,
      evidence,
    };
  if (arrears >= c.elevatedArrearsAmount)
    return {
      value: 'elevated',
      reason: 'arrears',
      text: `Arrears of ${arrears} (elevated from ${c.elevatedArrearsAmount}).`,
      evidence,
    };
  // Stryker disable next-line ConditionalExpression: null >= n is false for every n the config allows (elevatedAveragePaymentDelayDays is a positive integer); the null check states the intent
  if (averagePaymentDelayDays !== null && averagePaymentDelayDays >= c.elevatedAveragePaymentDelayDays)
    return {
      value: 'elevated',
      reason: 'latePayer',
      text: `Pays on average ${averagePaymentDelayDays} days late over ${paid.length} invoices (elevated from ${c.elevatedAveragePaymentDelayDays}).`,
      evidence,
    };
  return {
    value: 'low',
    reason: 'paysOnTime',
    text:
      overdue.length === 0
        ? 'No overdue invoice and no habit of paying late.'
        : `${overdue.length} invoices slightly overdue (${maxDaysOverdue} days, arrears ${arrears}), below every threshold.`,
    evidence,
  };
};

/** Gross margin over `marginWindowMonths`: revenue and cost of the orders whose cost the ERP gives. */
export const assessProfit = (facts: CustomerFacts, config: InsightsConfig, now: string): ProfitAssessment => {
  const c = config.status;
  const start = monthsBefore(now, c.marginWindowMonths);
  const today = dayNumber(now);
  const inWindow = purchases(facts).filter((o) => {
    const d = dayNumber(o.orderedAt);
    return d >= start && d <= today;
  });
  const costed = inWindow.filter((o): o is typeof o & { costAmount: number } => o.costAmount !== undefined);
  const revenue = cents(costed.reduce((s, o) => s + o.netAmount, 0));
  const cost = cents(costed.reduce((s, o) => s + o.costAmount, 0));
  const margin = revenue > 0 ? Math.round(((revenue - cost) / revenue) * 10_000) / 10_000 : null;
  const evidence = {
    revenue,
    cost,
    margin,
    ordersCounted: costed.length,
    ordersWithoutCost: inWindow.length - costed.length,
    windowStart: dayToIso(start),
  };
  if (margin === null)
    return {
      value: 'unknown',
      reason: 'noCostedOrders',
      text: `No order with revenue and cost since ${evidence.windowStart}.`,
      evidence,
    };
  const percent = `${cents(margin * 100)}%`;
  const over = `${percent} gross margin on ${costed.length} orders since ${evidence.windowStart}`;
  if (margin < 0)
    return { value: 'lossMaking', reason: 'negativeMargin', text: `Loss-making: ${over}.`, evidence };
  if (margin < c.lowMarginBelow)
    return {
      value: 'low',
      reason: 'marginBand',
      text: `Low: ${over} (below ${c.lowMarginBelow * 100}%).`,
      evidence,
    };
  if (margin < c.highMarginFrom)
    return { value: 'standard', reason: 'marginBand', text: `Standard: ${over}.`, evidence };
  return {
    value: 'high',
    reason: 'marginBand',
    text: `High: ${over} (from ${c.highMarginFrom * 100}%).`,
    evidence,
  };
};

export interface StatusEvaluation {
  readonly state: CustomerStatusState;
  readonly risk: RiskAssessment;
  readonly profit: ProfitAssessment;
  /** The statuses whose value changed (both, the first time). */
  readonly changes: StatusTransition[];
}

/**
 * Evaluates payment risk and profit on `now` and reports the ones that changed value. Re-evaluating
 * with the returned state changes nothing; a clock earlier than a status's last change counts as that
 * moment, so a late message cannot roll a status back in time.
 */
export const evaluateStatus = (
  previous: CustomerStatusState | undefined,
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
): StatusEvaluation => {
  const since = [previous?.risk.since, previous?.profit.since].filter((s): s is string => s !== undefined);
  const at = since.reduce(laterOf, now);
  const risk = assessPaymentRisk(facts, config, at);
  const profit = assessProfit(facts, config, at);
  const changes: StatusTransition[] = [];
  if (previous?.risk.value !== risk.value) {
    changes.push({
      dimension: 'risk',
      from: previous?.risk.value ?? null,
      to: risk.value,
      at,
      reason: risk.reason,
      text: risk.text,
      evidence: risk.evidence,
    });
  }
  if (previous?.profit.value !== profit.value) {
    changes.push({
      dimension: 'profit',
      from: previous?.profit.value ?? null,
      to: profit.value,
      at,
      reason: profit.reason,
      text: profit.text,
      evidence: profit.evidence,
    });
  }
  const state: CustomerStatusState = {
    risk: previous && previous.risk.value === risk.value ? previous.risk : { value: risk.value, since: at },
    profit:
      previous && previous.profit.value === profit.value
        ? previous.profit
        : { value: profit.value, since: at },
  };
  return { state, risk, profit, changes };
};
