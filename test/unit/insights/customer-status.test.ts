import { describe, expect, it } from 'vitest';
import { assessPaymentRisk, assessProfit, evaluateStatus } from '../../../core/insights/customer-status.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { factsOf, invoice, order } from './records.ts';

const NOW = '2026-03-01T00:00:00Z';

describe('payment risk', () => {
  it('is low for a customer with nothing overdue', () => {
    expect(assessPaymentRisk(factsOf(invoice('INV-1', '2026-03-15', 1000)), config, NOW)).toMatchObject({
      value: 'low',
      reason: 'paysOnTime',
      evidence: { arrears: 0, openAmount: 1000 },
    });
  });

  it('derives overdue from due date and open amount even when the ERP still says open', () => {
    // Due 2026-02-10 → 19 days overdue on 2026-03-01 (elevated from 15).
    const risk = assessPaymentRisk(factsOf(invoice('INV-1', '2026-02-10', 1000)), config, NOW);

    expect(risk).toMatchObject({
      value: 'elevated',
      reason: 'overdue',
      evidence: { overdueInvoiceNumbers: ['INV-1'], maxDaysOverdue: 19, arrears: 1000 },
    });
  });

  it('ignores an invoice the ERP marks overdue when nothing is open on it any more', () => {
    const risk = assessPaymentRisk(
      factsOf(invoice('INV-1', '2026-01-01', 1000, { status: 'overdue', openAmount: 0 })),
      config,
      NOW,
    );

    expect(risk.value).toBe('low');
  });

  it('is high when an invoice is 60 days overdue', () => {
    expect(assessPaymentRisk(factsOf(invoice('INV-1', '2025-12-31', 100)), config, NOW)).toMatchObject({
      value: 'high',
      reason: 'longOverdue',
    });
  });

  it('is high when arrears reach 25,000, however recent', () => {
    const risk = assessPaymentRisk(
      factsOf(invoice('INV-1', '2026-02-27', 20_000), invoice('INV-2', '2026-02-28', 5_000)),
      config,
      NOW,
    );

    expect(risk).toMatchObject({
      value: 'high',
      reason: 'highArrears',
      evidence: { arrears: 25_000, maxDaysOverdue: 2 },
    });
  });

  it('is elevated on arrears of 5,000 a few days late', () => {
    expect(assessPaymentRisk(factsOf(invoice('INV-1', '2026-02-24', 6000)), config, NOW)).toMatchObject({
      value: 'elevated',
      reason: 'arrears',
    });
  });

  it('is elevated for a customer who pays 20 days late on average', () => {
    // Paid 30 and 10 days late: (30 + 10) / 2 = 20. An early payment would count as 0.
    const facts = factsOf(
      invoice('INV-1', '2025-10-01', 1000, { status: 'paid', paidOn: '2025-10-31' }),
      invoice('INV-2', '2025-11-01', 1000, { status: 'paid', paidOn: '2025-11-11' }),
    );

    expect(assessPaymentRisk(facts, config, NOW)).toMatchObject({
      value: 'elevated',
      reason: 'latePayer',
      evidence: { averagePaymentDelayDays: 20, paidInvoicesConsidered: 2 },
    });
  });
});

describe('profit status', () => {
  const costed = (margin: number) =>
    factsOf(order('SO-1', '2025-12-01T09:00:00Z', 10_000, { costAmount: 10_000 * (1 - margin) }));

  it.each([
    [0.3, 'high'],
    [0.2, 'standard'],
    [0.05, 'low'],
    [-0.1, 'lossMaking'],
  ] as const)('is %s margin → %s', (margin, value) => {
    expect(assessProfit(costed(margin), config, NOW)).toMatchObject({
      value,
      evidence: { revenue: 10_000, margin },
    });
  });

  it('is unknown when no order in the window has a cost, and says how many were left out', () => {
    const facts = factsOf(
      order('SO-1', '2025-12-01T09:00:00Z', 10_000),
      order('SO-0', '2024-12-01T09:00:00Z', 10_000, { costAmount: 1 }),
    );

    expect(assessProfit(facts, config, NOW)).toMatchObject({
      value: 'unknown',
      reason: 'noCostedOrders',
      evidence: { ordersWithoutCost: 1, windowStart: '2025-03-01' },
    });
  });
});

describe('status change detection', () => {
  it('reports both statuses the first time, nothing when re-evaluated, and only the one that changed later', () => {
    const calm = factsOf(
      invoice('INV-1', '2026-03-15', 1000),
      order('SO-1', '2025-12-01T09:00:00Z', 10_000, { costAmount: 7000 }),
    );
    const first = evaluateStatus(undefined, calm, config, NOW);
    const again = evaluateStatus(first.state, calm, config, NOW);
    // 2026-03-15 + 20 days: INV-1 is 20 days overdue → elevated; the margin (30%, high) is unchanged.
    const later = evaluateStatus(first.state, calm, config, '2026-04-04T00:00:00Z');

    expect(first.changes.map((c) => [c.dimension, c.from, c.to])).toEqual([
      ['risk', null, 'low'],
      ['profit', null, 'high'],
    ]);
    expect(again.changes).toEqual([]);
    expect(again.state).toEqual(first.state);
    expect(later.changes).toMatchObject([
      { dimension: 'risk', from: 'low', to: 'elevated', reason: 'overdue', evidence: { maxDaysOverdue: 20 } },
    ]);
    expect(later.state.profit.since).toBe(NOW);
  });
});
