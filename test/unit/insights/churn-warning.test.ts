import { describe, expect, it } from 'vitest';
import { assessChurnRisk, evaluateChurnWarning } from '../../../core/insights/churn-warning.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { factsOf, interaction, invoice, order } from './records.ts';

const active = { stage: 'shortTerm' as const, keyCustomer: false };
// Orders every 61 days (usual interval 61), 120,000 in the last 24 months: a valuable customer.
const bimonthly = [
  order('SO-1', '2025-06-01T09:00:00Z', 30_000),
  order('SO-2', '2025-08-01T09:00:00Z', 30_000),
  order('SO-3', '2025-10-01T09:00:00Z', 30_000),
  order('SO-4', '2025-12-01T09:00:00Z', 30_000),
];

describe('churn warning', () => {
  it('scores a purchase interval past the usual one linearly between 1.25× and 1.75×', () => {
    // 2025-12-01 → 2026-03-01 = 90 idle days; 90 / 61 = 1.475×; 60 × (1.475 − 1.25) / 0.5 = 27.05 points.
    const risk = assessChurnRisk(factsOf(...bimonthly), config, '2026-03-01T00:00:00Z', active);

    expect(risk.signals.find((s) => s.name === 'purchaseInterval')).toMatchObject({
      points: 27.05,
      inputs: { daysIdle: 90, usualIntervalDays: 61 },
    });
    expect(risk).toMatchObject({ score: 27, valuable: true, active: true, revenueInValueWindow: 120_000 });
  });

  it('adds points for rising complaints and overdue payments', () => {
    const facts = factsOf(
      ...bimonthly,
      interaction('T-1', '2026-01-15T10:00:00Z', 'complaint'),
      interaction('T-2', '2026-02-15T10:00:00Z', 'return'),
      invoice('INV-1', '2026-01-30', 4000),
    );

    const risk = assessChurnRisk(facts, config, '2026-03-01T00:00:00Z', active);

    // Complaints: 2 in the last 90 days, 0 before → rising, 20 × 2/3 = 13.33. Overdue: 30 days, 20 × 30/60 = 10.
    const points = Object.fromEntries(risk.signals.map((s) => [s.name, s.points]));
    expect(points).toEqual({ purchaseInterval: 27.05, risingComplaints: 13.33, overduePayments: 10 });
    expect(risk.score).toBe(50); // round(27.05 + 13.33 + 10) = round(50.38)
  });

  it('raises the warning once when the score reaches 60, and not again while the episode is open', () => {
    const facts = factsOf(...bimonthly);
    // 2025-12-01 + 107 days = 2026-03-18: 107 / 61 = 1.754× → the full 60 points.
    const raised = evaluateChurnWarning(undefined, facts, config, '2026-03-18T08:00:00Z', active);
    const nextDay = evaluateChurnWarning(raised.state, facts, config, '2026-03-19T08:00:00Z', active);
    const redelivered = evaluateChurnWarning(raised.state, facts, config, '2026-03-18T08:00:00Z', active);

    expect(raised.change).toMatchObject({
      kind: 'raised',
      episode: {
        episodeId: 'C1/churn/2026-03-18T08:00:00Z',
        scoreAtOpen: 60,
        signalsAtOpen: [{ name: 'purchaseInterval', points: 60 }],
      },
    });
    expect(nextDay.change).toBeNull();
    expect(redelivered.change).toBeNull();
    expect(nextDay.state).toBe(raised.state);
  });

  it('does not raise the warning a day earlier, at 59 points', () => {
    // 106 / 61 = 1.7377×; 60 × 0.4877 / 0.5 = 58.52 → 59.
    const result = evaluateChurnWarning(
      undefined,
      factsOf(...bimonthly),
      config,
      '2026-03-17T08:00:00Z',
      active,
    );

    expect(result.assessment.score).toBe(59);
    expect(result.change).toBeNull();
  });

  it('keeps the episode open while the score stays between the clear and raise thresholds', () => {
    // On 2026-03-10: 99 idle days, 99 / 61 = 1.623× → 60 × 0.373 / 0.5 = 44.75 points; INV-1 due 2026-01-09
    // is 60 days overdue → the full 20 points. 64.75 → 65: raised.
    const unpaid = invoice('INV-1', '2026-01-09', 4000);
    const paid = invoice('INV-1', '2026-01-09', 4000, { status: 'paid', paidOn: '2026-03-09' }, '2');
    const open = evaluateChurnWarning(
      undefined,
      factsOf(...bimonthly, unpaid),
      config,
      '2026-03-10T08:00:00Z',
      active,
    );

    // Paid: 44.75 → 45 points, below 60 but not below 35, so the same episode stays open without a new warning.
    const afterPayment = evaluateChurnWarning(
      open.state,
      factsOf(...bimonthly, unpaid, paid),
      config,
      '2026-03-10T09:00:00Z',
      active,
    );

    expect(open.change).toMatchObject({ kind: 'raised', episode: { scoreAtOpen: 65 } });
    expect(afterPayment.assessment.score).toBe(45);
    expect(afterPayment.change).toBeNull();
    expect(afterPayment.state.open?.episodeId).toBe(open.state.open?.episodeId);
  });

  it('clears the episode once when the customer orders again, and can open a new one later', () => {
    const open = evaluateChurnWarning(
      undefined,
      factsOf(...bimonthly),
      config,
      '2026-03-18T08:00:00Z',
      active,
    ).state;
    const reordered = factsOf(...bimonthly, order('SO-5', '2026-03-20T09:00:00Z', 30_000));

    const cleared = evaluateChurnWarning(open, reordered, config, '2026-03-21T08:00:00Z', active);
    const again = evaluateChurnWarning(cleared.state, reordered, config, '2026-03-22T08:00:00Z', active);

    expect(cleared.change).toMatchObject({
      kind: 'cleared',
      episode: { closeReason: 'riskPassed', scoreAtClose: 0, closedAt: '2026-03-21T08:00:00Z' },
    });
    expect(cleared.state).toMatchObject({
      open: null,
      lastClosed: { episodeId: 'C1/churn/2026-03-18T08:00:00Z' },
    });
    expect(again.change).toBeNull();
  });

  it('does not warn about a customer that is not valuable, unless it is a key customer', () => {
    const small = factsOf(
      order('SO-1', '2025-06-01T09:00:00Z', 1000),
      order('SO-2', '2025-08-01T09:00:00Z', 1000),
    );

    // 2025-08-01 + 107 days = 2025-11-16: the interval signal alone gives 60 points.
    const plain = evaluateChurnWarning(undefined, small, config, '2025-11-16T00:00:00Z', active);
    const key = evaluateChurnWarning(undefined, small, config, '2025-11-16T00:00:00Z', {
      ...active,
      keyCustomer: true,
    });

    expect(plain.assessment).toMatchObject({ score: 60, valuable: false });
    expect(plain.change).toBeNull();
    expect(key.change?.kind).toBe('raised');
  });

  it('closes an open episode when the customer has churned (no longer active)', () => {
    const open = evaluateChurnWarning(
      undefined,
      factsOf(...bimonthly),
      config,
      '2026-03-18T08:00:00Z',
      active,
    ).state;

    const lost = evaluateChurnWarning(open, factsOf(...bimonthly), config, '2026-04-01T08:00:00Z', {
      stage: 'churned',
      keyCustomer: false,
    });

    expect(lost.change).toMatchObject({ kind: 'cleared', episode: { closeReason: 'noLongerActive' } });
  });
});
