import { describe, expect, it } from 'vitest';
import { assessProfit } from '../../../core/insights/customer-status.ts';
import { evaluateInsights } from '../../../core/insights/evaluate-insights.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type { CustomerInsightsState } from '../../../schemas/entities/customer-insights.ts';
import { factsOf, order } from './records.ts';

// Edges the first mutation run of the status part found unchecked.
const NOW = '2026-03-01T00:00:00Z';

describe('status and detail edges', () => {
  it("counts an order of today's date in the profit margin", () => {
    const facts = factsOf(order('SO-1', '2026-03-01T08:00:00Z', 1000, { costAmount: 500 }));

    expect(assessProfit(facts, config, NOW)).toMatchObject({
      value: 'high',
      evidence: { revenue: 1000, ordersCounted: 1 },
    });
  });

  it('dates the detail at the stage move when that is the latest change, not at the last status listed', () => {
    const facts = factsOf(order('SO-1', '2025-06-01T09:00:00Z', 1000));
    const first = evaluateInsights(undefined, facts, config, NOW, { keyCustomer: null, rfmBoundaries: null });
    const stageMovedLast: CustomerInsightsState = {
      ...first.state,
      lifecycle: { ...first.state.lifecycle, since: '2026-03-10T00:00:00Z' },
      status: {
        risk: { ...first.state.status.risk, since: '2026-03-02T00:00:00Z' },
        profit: { ...first.state.status.profit, since: '2026-03-05T00:00:00Z' },
      },
    };

    const result = evaluateInsights(stageMovedLast, facts, config, NOW, {
      keyCustomer: null,
      rfmBoundaries: null,
    });

    expect(result.detail.computedAt).toBe('2026-03-10T00:00:00Z');
  });
});
