import { describe, expect, it } from 'vitest';
import { computeKeyCustomers, keyCustomerStanding } from '../../../core/insights/key-customers.ts';
import {
  defaultInsightsConfig as config,
  type InsightsConfig,
} from '../../../schemas/config/insights-config.ts';

// The Pareto rule's refusals, shares, rounding and id order.
const NOW = '2026-03-01T00:00:00Z';
const revenues = (entries: Record<string, number>) =>
  Object.entries(entries).map(([customerId, revenue]) => ({ customerId, revenue }));
const withShare = (revenueShare: number): InsightsConfig => ({
  ...config,
  keyCustomers: { ...config.keyCustomers, revenueShare },
});

describe('key customers: refusals', () => {
  it('names the customer listed twice', () => {
    expect(() =>
      computeKeyCustomers(revenues({ A: 1, B: 1 }).concat(revenues({ B: 3 })), config, NOW),
    ).toThrow(new Error('customer B appears twice in the revenue list'));
  });

  it('names the customer whose revenue is not a number', () => {
    expect(() => computeKeyCustomers(revenues({ A: 1, B: Number.NaN }), config, NOW)).toThrow(
      new Error('customer B has a revenue that is not a number'),
    );
    expect(() => computeKeyCustomers(revenues({ C: Number.POSITIVE_INFINITY }), config, NOW)).toThrow(
      /customer C has a revenue that is not a number/,
    );
  });
});

describe('key customers: shares and order', () => {
  it('flags nobody under a share of 0 and everybody with revenue under a share of 1', () => {
    const entries = revenues({ A: 500, B: 300, C: 200, Z: 0 });

    expect(computeKeyCustomers(entries, withShare(0), NOW).keyCustomerIds).toEqual([]);
    expect(computeKeyCustomers(entries, withShare(1), NOW).keyCustomerIds).toEqual(['A', 'B', 'C']);
  });

  it('rounds cumulative shares to four places and the total to cents, and lists key ids sorted', () => {
    const result = computeKeyCustomers(revenues({ A: 0.1, Z: 0.2 }), withShare(0.5), NOW);

    expect(result).toEqual({
      computedAt: NOW,
      windowStart: '2025-03-01',
      revenueShare: 0.5,
      totalRevenue: 0.3,
      ranking: [
        { customerId: 'Z', revenue: 0.2, rank: 1, cumulativeShare: 0.6667, key: true },
        { customerId: 'A', revenue: 0.1, rank: 2, cumulativeShare: 1, key: false },
      ],
      keyCustomerIds: ['Z'],
    });
  });

  it('breaks ties by code unit, so an upper-case id comes before a lower-case one', () => {
    const result = computeKeyCustomers(revenues({ b: 100, B: 100 }), withShare(0.5), NOW);

    expect(result.ranking.map((r) => [r.customerId, r.key])).toEqual([
      ['B', true],
      ['b', false],
    ]);
  });

  it("shows a ranked customer's full standing", () => {
    const result = computeKeyCustomers(revenues({ A: 600, B: 400 }), config, NOW);

    expect(keyCustomerStanding(result, 'B')).toEqual({
      flagged: true,
      rank: 2,
      revenue: 400,
      cumulativeShare: 1,
      revenueShareRule: 0.8,
      windowStart: '2025-03-01',
      computedAt: NOW,
    });
    expect(keyCustomerStanding(result, 'X')).toEqual({
      flagged: false,
      rank: null,
      revenue: 0,
      cumulativeShare: null,
      revenueShareRule: 0.8,
      windowStart: '2025-03-01',
      computedAt: NOW,
    });
  });
});
