import { describe, expect, it } from 'vitest';
import { emptyCustomerFacts } from '../../../core/insights/customer-facts.ts';
import { assessPaymentRisk, assessProfit, evaluateStatus } from '../../../core/insights/customer-status.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type { InvoiceFact } from '../../../schemas/entities/customer-facts.ts';
import type { CustomerStatusState } from '../../../schemas/entities/customer-insights.ts';
import { factsOf, invoice, order } from './records.ts';

// The texts, evidence and thresholds of payment risk and profit. On 2026-03-01 the payment history and
// the margin window (12 months each) start on 2025-03-01.
const NOW = '2026-03-01T00:00:00Z';

describe('payment risk rules', () => {
  it('names the long-overdue invoice and the high threshold, with the full evidence', () => {
    const facts = factsOf(
      invoice('INV-1', '2025-12-31', 100),
      invoice('INV-2', '2026-02-20', 200),
      invoice('INV-3', '2026-03-20', 300),
    );

    expect(assessPaymentRisk(facts, config, NOW)).toEqual({
      value: 'high',
      reason: 'longOverdue',
      text: 'Invoice INV-1 is 60 days overdue (high from 60).',
      evidence: {
        overdueInvoiceNumbers: ['INV-1', 'INV-2'],
        arrears: 300,
        maxDaysOverdue: 60,
        averagePaymentDelayDays: null,
        paidInvoicesConsidered: 0,
        openAmount: 600,
      },
    });
  });

  it('calls 59 days overdue elevated, not high', () => {
    expect(assessPaymentRisk(factsOf(invoice('INV-1', '2026-01-01', 100)), config, NOW)).toMatchObject({
      value: 'elevated',
      reason: 'overdue',
      text: 'Invoice INV-1 is 59 days overdue (elevated from 15).',
    });
  });

  it('says the arrears and the high threshold', () => {
    const risk = assessPaymentRisk(factsOf(invoice('INV-1', '2026-02-27', 25_000)), config, NOW);

    expect(risk).toMatchObject({ value: 'high', text: 'Arrears of 25000 (high from 25000).' });
  });

  it('calls arrears just below the high threshold elevated, and says so', () => {
    const risk = assessPaymentRisk(factsOf(invoice('INV-1', '2026-02-27', 24_999.99)), config, NOW);

    expect(risk).toMatchObject({
      value: 'elevated',
      reason: 'arrears',
      text: 'Arrears of 24999.99 (elevated from 5000).',
    });
  });

  it('is elevated from exactly 15 days overdue or exactly 5,000 in arrears, and low just below both', () => {
    const risk = (dueDate: string, amount: number) =>
      assessPaymentRisk(factsOf(invoice('INV-1', dueDate, amount)), config, NOW);

    expect(risk('2026-02-14', 100)).toMatchObject({ value: 'elevated', reason: 'overdue' });
    expect(risk('2026-02-27', 5000)).toMatchObject({ value: 'elevated', reason: 'arrears' });
    expect(risk('2026-02-15', 4999.99)).toEqual({
      value: 'low',
      reason: 'paysOnTime',
      text: '1 invoices slightly overdue (14 days, arrears 4999.99), below every threshold.',
      evidence: {
        overdueInvoiceNumbers: ['INV-1'],
        arrears: 4999.99,
        maxDaysOverdue: 14,
        averagePaymentDelayDays: null,
        paidInvoicesConsidered: 0,
        openAmount: 4999.99,
      },
    });
  });

  it('says nothing is overdue when nothing is', () => {
    expect(assessPaymentRisk(factsOf(), config, NOW)).toMatchObject({
      value: 'low',
      text: 'No overdue invoice and no habit of paying late.',
      evidence: { maxDaysOverdue: 0, arrears: 0, openAmount: 0 },
    });
  });

  it('averages the delay over invoices paid in the last 12 months, early payment as 0, to one decimal', () => {
    // Paid 30, 10 and −5 (early → 0) days late: 40 / 3 = 13.33 → 13.3. The one paid before 2025-03-01
    // is outside the history; the one paid on 2025-03-01 is inside.
    const facts = factsOf(
      invoice('INV-1', '2025-02-27', 1000, { status: 'paid', paidOn: '2025-03-29' }),
      invoice('INV-2', '2025-02-19', 1000, { status: 'paid', paidOn: '2025-03-01' }),
      invoice('INV-3', '2025-06-10', 1000, { status: 'paid', paidOn: '2025-06-05' }),
      invoice('INV-OLD', '2024-12-01', 1000, { status: 'paid', paidOn: '2025-02-28' }),
    );

    expect(assessPaymentRisk(facts, config, NOW)).toMatchObject({
      value: 'low',
      evidence: { averagePaymentDelayDays: 13.3, paidInvoicesConsidered: 3, openAmount: 0 },
    });
  });

  it('names the average delay of a late payer and how many invoices it is over', () => {
    const facts = factsOf(
      invoice('INV-1', '2025-10-01', 1000, { status: 'paid', paidOn: '2025-10-31' }),
      invoice('INV-2', '2025-11-01', 1000, { status: 'paid', paidOn: '2025-11-11' }),
    );

    expect(assessPaymentRisk(facts, config, NOW).text).toBe(
      'Pays on average 20 days late over 2 invoices (elevated from 20).',
    );
  });

  it('leaves a cancelled invoice out of the open amount and out of the overdue ones', () => {
    const cancelled: InvoiceFact = {
      recordKey: 'erp/invoices/INV-X',
      version: '1',
      invoiceNumber: 'INV-X',
      issuedOn: '2025-01-01',
      dueDate: '2025-02-01',
      amount: 900,
      openAmount: 900,
      currency: 'EUR',
      status: 'cancelled',
    };
    const facts = { ...emptyCustomerFacts('C1'), invoices: [cancelled] };

    expect(assessPaymentRisk(facts, config, NOW)).toMatchObject({
      value: 'low',
      evidence: { openAmount: 0, arrears: 0, overdueInvoiceNumbers: [] },
    });
  });
});

describe('profit rules', () => {
  const costed = (net: number, cost: number, orderedAt = '2025-12-01T09:00:00Z') =>
    order(`SO-${orderedAt}`, orderedAt, net, { costAmount: cost });

  it.each([
    [
      10_000,
      11_000,
      'lossMaking',
      'negativeMargin',
      'Loss-making: -10% gross margin on 1 orders since 2025-03-01.',
    ],
    [10_000, 10_000, 'low', 'marginBand', 'Low: 0% gross margin on 1 orders since 2025-03-01 (below 10%).'],
    [10_000, 9_000, 'standard', 'marginBand', 'Standard: 10% gross margin on 1 orders since 2025-03-01.'],
    [10_000, 7_500, 'high', 'marginBand', 'High: 25% gross margin on 1 orders since 2025-03-01 (from 25%).'],
  ] as const)('revenue %d against cost %d is %s (%s)', (net, cost, value, reason, text) => {
    expect(assessProfit(factsOf(costed(net, cost)), config, NOW)).toMatchObject({ value, reason, text });
  });

  it('counts costed orders from the first day of the window up to today, rounding the margin to 4 places', () => {
    const facts = factsOf(
      costed(300, 200, '2025-03-01T00:00:00Z'),
      costed(1_000, 0, '2025-02-28T23:59:59Z'),
      costed(1_000, 0, '2026-03-02T00:00:00Z'),
      order('SO-NOCOST', '2025-06-01T09:00:00Z', 5_000),
    );

    expect(assessProfit(facts, config, NOW)).toEqual({
      value: 'high',
      reason: 'marginBand',
      text: 'High: 33.33% gross margin on 1 orders since 2025-03-01 (from 25%).',
      evidence: {
        revenue: 300,
        cost: 200,
        margin: 0.3333,
        ordersCounted: 1,
        ordersWithoutCost: 1,
        windowStart: '2025-03-01',
      },
    });
  });

  it('gives no margin for costed orders without revenue', () => {
    expect(assessProfit(factsOf(costed(0, 50)), config, NOW)).toEqual({
      value: 'unknown',
      reason: 'noCostedOrders',
      text: 'No order with revenue and cost since 2025-03-01.',
      evidence: {
        revenue: 0,
        cost: 50,
        margin: null,
        ordersCounted: 1,
        ordersWithoutCost: 0,
        windowStart: '2025-03-01',
      },
    });
  });
});

describe('status evaluation in time', () => {
  it('evaluates at the latest change of either status when the clock is earlier, and reports the move from the old value', () => {
    const previous: CustomerStatusState = {
      risk: { value: 'low', since: '2026-03-05T00:00:00Z' },
      profit: { value: 'unknown', since: '2026-03-10T00:00:00Z' },
    };
    // Due 2026-02-20: 9 days overdue on 2026-03-01, 18 (elevated) on 2026-03-10.
    const facts = factsOf(invoice('INV-1', '2026-02-20', 100));

    const result = evaluateStatus(previous, facts, config, NOW);

    expect(result.changes).toEqual([
      {
        dimension: 'risk',
        from: 'low',
        to: 'elevated',
        at: '2026-03-10T00:00:00Z',
        reason: 'overdue',
        text: 'Invoice INV-1 is 18 days overdue (elevated from 15).',
        evidence: result.risk.evidence,
      },
    ]);
    expect(result.state).toEqual({
      risk: { value: 'elevated', since: '2026-03-10T00:00:00Z' },
      profit: previous.profit,
    });
  });

  it('reports a profit move with its text and evidence and keeps the unchanged risk as it was', () => {
    const previous: CustomerStatusState = {
      risk: { value: 'low', since: '2025-01-01T00:00:00Z' },
      profit: { value: 'unknown', since: '2025-01-01T00:00:00Z' },
    };
    const facts = factsOf(order('SO-1', '2025-12-01T09:00:00Z', 100, { costAmount: 50 }));

    const result = evaluateStatus(previous, facts, config, NOW);

    expect(result.changes).toEqual([
      {
        dimension: 'profit',
        from: 'unknown',
        to: 'high',
        at: NOW,
        reason: 'marginBand',
        text: 'High: 50% gross margin on 1 orders since 2025-03-01 (from 25%).',
        evidence: result.profit.evidence,
      },
    ]);
    expect(result.state.risk).toBe(previous.risk);
    expect(result.state.profit).toEqual({ value: 'high', since: NOW });
  });
});
