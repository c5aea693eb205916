import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyCustomerEventsFor } from '../../../core/insights/insight-events.ts';
import {
  computeKeyCustomers,
  diffKeyCustomers,
  keyCustomerRevenue,
  keyCustomerStanding,
} from '../../../core/insights/key-customers.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { KeyCustomerFlagged, KeyCustomerUnflagged } from '../../../schemas/events/insight-events.ts';
import { factsOf, order } from './records.ts';

const NOW = '2026-03-01T00:00:00Z';
const revenues = (entries: Record<string, number>) =>
  Object.entries(entries).map(([customerId, revenue]) => ({ customerId, revenue }));

describe('key customers (Pareto)', () => {
  it('are the fewest customers who together bring 80% of revenue', () => {
    // Total 1,000, target 800: A 500 (50%), B 700 (70%), C 850 (85%) reaches it; D and E are not needed.
    const result = computeKeyCustomers(revenues({ A: 500, B: 200, C: 150, D: 100, E: 50 }), config, NOW);

    expect(result.keyCustomerIds).toEqual(['A', 'B', 'C']);
    expect(result.ranking.map((r) => [r.customerId, r.rank, r.cumulativeShare, r.key])).toEqual([
      ['A', 1, 0.5, true],
      ['B', 2, 0.7, true],
      ['C', 3, 0.85, true],
      ['D', 4, 0.95, false],
      ['E', 5, 1, false],
    ]);
  });

  it('stop exactly at the share: a customer reaching 80% to the cent is the last key customer', () => {
    expect(computeKeyCustomers(revenues({ A: 600, B: 200, C: 200 }), config, NOW).keyCustomerIds).toEqual([
      'A',
      'B',
    ]);
  });

  it('break revenue ties by customer id, whatever the input order', () => {
    // A 400, then B, C and D tie at 200: A + B + C = 800 reaches 80% of 1,000, so D (the later id) is left out.
    const entries = revenues({ D: 200, C: 200, A: 400, B: 200 });
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
        expect(computeKeyCustomers(shuffled, config, NOW).keyCustomerIds).toEqual(['A', 'B', 'C']);
      }),
    );
  });

  it('never flag customers without revenue, and flag nobody when nobody has revenue', () => {
    expect(computeKeyCustomers(revenues({ A: 100, Z: 0, N: -50 }), config, NOW).keyCustomerIds).toEqual([
      'A',
    ]);
    expect(computeKeyCustomers(revenues({ Z: 0 }), config, NOW).keyCustomerIds).toEqual([]);
  });

  it('reject a revenue list that names a customer twice', () => {
    expect(() => computeKeyCustomers([...revenues({ A: 1 }), ...revenues({ A: 2 })], config, NOW)).toThrow(
      /A appears twice/,
    );
  });

  it('report who moved in and out between two computations, and announce each once', () => {
    const before = computeKeyCustomers(revenues({ A: 500, B: 200, C: 150, D: 100, E: 50 }), config, NOW);
    // D lands a big order: total 1,500, target 1,200: D 600 (40%), A 1,100 (73%), B 1,300 (87%).
    const after = computeKeyCustomers(
      revenues({ A: 500, B: 200, C: 150, D: 600, E: 50 }),
      config,
      '2026-03-02T00:00:00Z',
    );

    const diff = diffKeyCustomers(before.keyCustomerIds, after.keyCustomerIds);
    const events = keyCustomerEventsFor(before.keyCustomerIds, after, { producer: 'test' });
    const replayed = keyCustomerEventsFor(before.keyCustomerIds, after, { producer: 'test' });

    expect(diff).toEqual({ flagged: ['D'], unflagged: ['C'] });
    expect(events.map((e) => [e.detailType, e.detail.customerId])).toEqual([
      ['KeyCustomerFlagged', 'D'],
      ['KeyCustomerUnflagged', 'C'],
    ]);
    expect(KeyCustomerFlagged.detail.parse(events[0]?.detail)).toMatchObject({
      rank: 1,
      revenue: 600,
      cumulativeShare: 0.4,
    });
    expect(KeyCustomerUnflagged.detail.parse(events[1]?.detail)).toMatchObject({ rank: 4, revenue: 150 });
    expect(replayed.map((e) => e.detail.metadata.eventId)).toEqual(
      events.map((e) => e.detail.metadata.eventId),
    );
    expect(keyCustomerEventsFor(after.keyCustomerIds, after, { producer: 'test' })).toEqual([]);
  });

  it("take a customer's revenue from purchases in the last 12 months", () => {
    const facts = factsOf(
      order('SO-1', '2025-02-28T09:00:00Z', 9_999),
      order('SO-2', '2025-03-01T09:00:00Z', 1_000),
      order('SO-3', '2026-01-01T09:00:00Z', 2_000, { status: 'cancelled' }),
      order('SO-4', '2026-02-01T09:00:00Z', 500),
    );

    expect(keyCustomerRevenue(facts, config, NOW)).toEqual({ customerId: 'C1', revenue: 1_500 });
  });

  it("show a customer's standing, also for one outside the ranking", () => {
    const result = computeKeyCustomers(revenues({ A: 500, B: 500 }), config, NOW);

    expect(keyCustomerStanding(result, 'B')).toMatchObject({
      flagged: true,
      rank: 2,
      cumulativeShare: 1,
      windowStart: '2025-03-01',
    });
    expect(keyCustomerStanding(result, 'X')).toMatchObject({ flagged: false, rank: null, revenue: 0 });
  });
});
