import { describe, expect, it } from 'vitest';
import { computeKeyCustomers, diffKeyCustomers } from '../../../core/insights/key-customers.ts';
import {
  defaultInsightsConfig as config,
  type InsightsConfig,
} from '../../../schemas/config/insights-config.ts';

// Edges the first mutation run of the key-customer part found unchecked.
const NOW = '2026-03-01T00:00:00Z';
const half: InsightsConfig = { ...config, keyCustomers: { ...config.keyCustomers, revenueShare: 0.5 } };

describe('key customers: review edges', () => {
  it('flags a customer whose revenue lands exactly on the half-cent tolerance line, and no one after it', () => {
    // Total 2, share 0.5: target 1 − 0.005 = 0.995, which A reaches exactly.
    const result = computeKeyCustomers(
      [
        { customerId: 'A', revenue: 0.995 },
        { customerId: 'B', revenue: 0.5 },
        { customerId: 'C', revenue: 0.505 },
      ],
      half,
      NOW,
    );

    expect(result.keyCustomerIds).toEqual(['A']);
  });

  it('lists the key customer ids sorted, not in revenue order', () => {
    const result = computeKeyCustomers(
      [
        { customerId: 'Z', revenue: 600 },
        { customerId: 'A', revenue: 300 },
        { customerId: 'M', revenue: 100 },
      ],
      config,
      NOW,
    );

    expect(result.ranking.map((r) => r.customerId)).toEqual(['Z', 'A', 'M']);
    expect(result.keyCustomerIds).toEqual(['A', 'Z']);
  });

  it('sorts who moved in and out even when the lists it is given are not sorted', () => {
    expect(diffKeyCustomers(['Z', 'A', 'K'], ['Y', 'K', 'B'])).toEqual({
      flagged: ['B', 'Y'],
      unflagged: ['A', 'Z'],
    });
  });
});
