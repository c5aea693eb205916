import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { keyOrderFreeJson } from '../../../core/insights/store/key-order-free-json.ts';
import { type InsightsPlan, planInsightsWrite } from '../../../core/insights/store/plan-insights-write.ts';
import { membershipsOf } from '../../../core/insights/store/segments.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type {
  CustomerInsightsDetail,
  KeyCustomerStanding,
} from '../../../schemas/entities/customer-insights.ts';
import { order } from './records.ts';
import { partitionOf, seedCustomer } from './wiring-fixtures.ts';

// Edges the first mutation run of the store part found unchecked.
const NOW = '2026-03-01T00:00:00Z';
const standing = (over: Partial<KeyCustomerStanding>): KeyCustomerStanding => ({
  flagged: false,
  rank: 4,
  revenue: 800,
  cumulativeShare: 0.9,
  revenueShareRule: 0.8,
  windowStart: '2025-03-01',
  computedAt: NOW,
  ...over,
});
const apply = (items: readonly Item[], plan: InsightsPlan): Item[] => {
  if (plan.kind === 'unchanged') return [...items];
  const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
  for (const op of plan.ops) if (op.op === 'put') byKey.set(`${op.item.pk}|${op.item.sk}`, op.item);
  return [...byKey.values()];
};

describe('store edges', () => {
  it('rewrites the INSIGHTS item alone when only the detail changed and every membership stays', () => {
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2026-02-01T09:00:00Z', 800)]);
    const items = [...partitionOf(backend, 'C1').values()];
    const plan = (stored: readonly Item[], keyCustomer: KeyCustomerStanding) =>
      planInsightsWrite({
        customerId: 'C1',
        items: stored,
        config,
        now: NOW,
        rfmBoundaries: null,
        keyCustomer,
      });
    const stored = apply(items, plan(items, standing({ rank: 4 })));

    const result = plan(stored, standing({ rank: 5, cumulativeShare: 0.95 }));

    expect(result.kind).toBe('write');
    expect(
      result.kind === 'write' ? result.ops.map((op) => (op.op === 'put' ? op.item.sk : op.op)) : [],
    ).toEqual(['INSIGHTS']);
  });

  it('names an unranked key customer with a question mark and no share', () => {
    const detail = {
      lifecycle: { stage: 'longTerm', since: NOW, text: 'x' },
      risk: { value: 'low', since: NOW, text: 'x' },
      profit: { value: 'high', since: NOW, text: 'x' },
      keyCustomer: standing({ flagged: true, rank: null, cumulativeShare: null }),
    } as unknown as CustomerInsightsDetail;

    expect(membershipsOf(detail).at(-1)?.reason).toBe(
      'Rank ? by revenue since 2025-03-01; together with those above brings 0% of revenue',
    );
  });

  it('sorts keys that come in descending order', () => {
    expect(keyOrderFreeJson({ c: 1, b: 2, a: 3 })).toBe('{"a":3,"b":2,"c":1}');
  });
});
