import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { InsightsDetailPanel } from '../../../console/src/agent/insights-detail.tsx';
import { insightsDetail } from './fixtures/insights-detail.ts';

describe('insights in the agent view', () => {
  const html = render(h(InsightsDetailPanel, { detail: insightsDetail }));

  it('shows the lifecycle stage with its reason and the stage history newest first', () => {
    expect(html).toMatch(/<strong>doubtful<\/strong> \(retain phase\).*Complained about CP-8040/s);
    expect(html).toMatch(/firstTime → <strong>doubtful<\/strong>.*new → <strong>firstTime<\/strong>/s);
  });

  it('shows an open churn warning with its score and signals', () => {
    expect(html).toContain('warning open since');
    expect(html).toContain('score 72 of 100');
    expect(html).toContain('3 complaints in 60 days');
  });

  it('gives payment risk and profit with the evidence behind them', () => {
    expect(html).toMatch(/Payment risk <strong class="badge warn">high<\/strong>/);
    expect(html).toContain('overdue: 90001');
    expect(html).toContain('margin 18 %');
  });

  it('lists the seven Ps with a dash for a score that could not be computed, and the RFM code', () => {
    expect(html).toMatch(/Prospecting<\/th><td class="num">–<\/td>/);
    expect(html).toMatch(/Profiling<\/th><td class="num">80<\/td>/);
    expect(html).toContain('RFM <strong>545</strong>');
  });

  it('flags the key customer with its revenue rank', () => {
    expect(html).toContain('key customer</strong>, rank 3 by revenue');
  });
});
