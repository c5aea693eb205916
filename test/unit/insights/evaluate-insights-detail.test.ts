import { describe, expect, it } from 'vitest';
import { evaluateInsights } from '../../../core/insights/evaluate-insights.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type {
  CustomerInsightsState,
  KeyCustomerStanding,
} from '../../../schemas/entities/customer-insights.ts';
import { factsOf, order } from './records.ts';

// What the 360 view's detail is made of, and the time it is computed at.
const NOW = '2026-03-01T00:00:00Z';
const standing = (flagged: boolean): KeyCustomerStanding => ({
  flagged,
  rank: 1,
  revenue: 1000,
  cumulativeShare: 1,
  revenueShareRule: 0.8,
  windowStart: '2025-03-01',
  computedAt: NOW,
});
// Orders every 61 days, the last on 2025-12-01, 1,000 each: not valuable by revenue alone.
const bimonthly = () =>
  factsOf(
    order('SO-1', '2025-06-01T09:00:00Z', 1000),
    order('SO-2', '2025-08-01T09:00:00Z', 1000),
    order('SO-3', '2025-10-01T09:00:00Z', 1000),
    order('SO-4', '2025-12-01T09:00:00Z', 1000),
  );

describe('insights detail', () => {
  it('is computed at the latest of the clock and the last changes, so a late clock does not date it back', () => {
    const first = evaluateInsights(undefined, bimonthly(), config, NOW, {
      keyCustomer: null,
      rfmBoundaries: null,
    });
    const movedLater: CustomerInsightsState = {
      ...first.state,
      status: {
        ...first.state.status,
        profit: { ...first.state.status.profit, since: '2026-03-10T00:00:00Z' },
      },
      lifecycle: { ...first.state.lifecycle, since: '2026-03-05T00:00:00Z' },
    };

    const result = evaluateInsights(movedLater, bimonthly(), config, NOW, {
      keyCustomer: null,
      rfmBoundaries: null,
    });

    expect(result.detail.computedAt).toBe('2026-03-10T00:00:00Z');
    // Persistency counts tenure up to the detail's time: 2025-06-01 → 2026-03-10 is 282 days.
    expect(result.detail.scorecard.persistency.inputs.tenureDays).toBe(282);
    expect(first.detail.computedAt).toBe(NOW);
  });

  it('carries the stage with its since and history, the statuses with theirs, and the key standing given', () => {
    const key = standing(true);

    const result = evaluateInsights(undefined, bimonthly(), config, NOW, {
      keyCustomer: key,
      rfmBoundaries: null,
    });

    expect(result.customerId).toBe('C1');
    expect(result.detail.lifecycle).toMatchObject({
      stage: 'shortTerm',
      since: NOW,
      history: result.state.lifecycle.history,
    });
    expect(result.detail.risk).toMatchObject({ value: 'low', since: NOW });
    expect(result.detail.profit).toMatchObject({ value: 'unknown', since: NOW });
    expect(result.detail.keyCustomer).toBe(key);
    expect(result.state).toEqual({
      lifecycle: result.state.lifecycle,
      churn: { open: null, lastClosed: null },
      status: { risk: { value: 'low', since: NOW }, profit: { value: 'unknown', since: NOW } },
    });
  });

  it('tells the churn warning whether the customer is a key customer, and shows the open episode', () => {
    // 2025-12-01 + 107 days = 2026-03-18: the interval signal alone gives 60 points.
    const at = '2026-03-18T08:00:00Z';
    const plain = evaluateInsights(undefined, bimonthly(), config, at, {
      keyCustomer: standing(false),
      rfmBoundaries: null,
    });
    const key = evaluateInsights(undefined, bimonthly(), config, at, {
      keyCustomer: standing(true),
      rfmBoundaries: null,
    });

    expect(plain.detail.churnWarning).toMatchObject({ keyCustomer: false, valuable: false, episode: null });
    expect(plain.churnChange).toBeNull();
    expect(key.detail.churnWarning).toMatchObject({
      keyCustomer: true,
      valuable: true,
      episode: { episodeId: `C1/churn/${at}` },
    });
    expect(key.churnChange).toMatchObject({ kind: 'raised' });
    expect(key.state.churn.open).toEqual(key.detail.churnWarning.episode);
  });
});
