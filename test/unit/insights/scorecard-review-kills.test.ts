import { describe, expect, it } from 'vitest';
import { computeRfmBoundaries, type RfmInput, rfmInput, scoreRfm } from '../../../core/insights/rfm.ts';
import {
  persistencyScore,
  profitabilityScore,
  promotionScore,
  prospectingScore,
} from '../../../core/insights/scorecard.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { factsOf, interaction, order, productView } from './records.ts';

// Edges the first mutation run of the scores part found unchecked: what happened earlier today counts.
const NOW = '2026-03-01T12:00:00Z';
const TODAY = '2026-03-01T08:00:00Z';

describe('scorecard: today counts', () => {
  it("counts today's order in persistency, profitability and RFM", () => {
    const facts = factsOf(order('SO-1', TODAY, 1000, { costAmount: 500 }));

    expect(persistencyScore(facts, config, NOW).inputs).toMatchObject({ ordersInWindow: 1 });
    expect(profitabilityScore(facts, config, NOW).inputs).toMatchObject({ revenue: 1000, cost: 500 });
    expect(rfmInput(facts, config, NOW)).toMatchObject({ recencyDays: 0, frequency: 1, monetary: 1000 });
  });

  it("counts today's open quote and web interest in prospecting", () => {
    const facts = factsOf(order('Q-1', TODAY, 100, { status: 'quote' }), productView('m-1', TODAY));

    expect(prospectingScore(facts, config, NOW).inputs).toEqual({
      openQuotes: 1,
      openQuoteValue: 100,
      webInterestEvents: 1,
    });
  });

  it("counts today's outbound contact in promotion", () => {
    const facts = factsOf(interaction('T-1', TODAY, 'sales', { direction: 'outbound', kind: 'contact' }));

    expect(promotionScore(facts, config, NOW).inputs).toEqual({ outbound: 1, responded: 0 });
  });
});

describe('RFM of a customer who never bought', () => {
  it('scores monetary 1 even when credit notes put the buyers below zero', () => {
    // Buyers whose window revenue is negative (credit notes) cut monetary below 0; a non-buyer's 0 is
    // still the bottom quintile, not above those cuts.
    const buyers: RfmInput[] = [-50, -40, -30, -20, -10].map((monetary, i) => ({
      customerId: `c${i}`,
      recencyDays: 10,
      frequency: 1,
      monetary,
    }));
    const boundaries = computeRfmBoundaries(buyers, NOW);

    expect(scoreRfm({ customerId: 'n', recencyDays: null, frequency: 0, monetary: 0 }, boundaries).code).toBe(
      '111',
    );
  });
});
