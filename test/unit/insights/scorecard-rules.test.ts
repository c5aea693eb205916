import { describe, expect, it } from 'vitest';
import {
  computeRfmBoundaries,
  quintileOf,
  type RfmInput,
  rfmInput,
  scoreRfm,
} from '../../../core/insights/rfm.ts';
import {
  computeScorecard,
  performanceScore,
  persistencyScore,
  productScore,
  profilingScore,
  profitabilityScore,
  promotionScore,
  prospectingScore,
} from '../../../core/insights/scorecard.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { customer, factsOf, installed, interaction, order, productView } from './records.ts';

// Each 7P score's text, windows (the 12 months from 2025-03-01 up to 2026-03-01, the 12 before from
// 2024-03-01) and caps, and the RFM quintiles' edges.
const NOW = '2026-03-01T00:00:00Z';
const outbound = (id: string, at: string) =>
  interaction(id, at, 'sales', { direction: 'outbound', kind: 'contact' });

describe('profiling', () => {
  it('counts a company name as the name and says nothing is missing when all eight are known', () => {
    const facts = factsOf(
      customer('BP-1', {
        companyName: 'ACME',
        email: 'a@acme.example',
        phone: '+4930123',
        address: { city: 'Berlin' },
        vatId: 'DE1',
        segment: 'OEM',
        accountManager: 'Anna',
        paymentTermsDays: 30,
      }),
    );

    expect(profilingScore(facts)).toEqual({
      score: 100,
      text: '8 of 8 key profile attributes known.',
      inputs: { known: 8, of: 8, missing: '' },
    });
  });

  it('names the missing attributes in their order', () => {
    expect(profilingScore(factsOf(customer('BP-1', { name: 'ACME', email: 'a@acme.example' })))).toEqual({
      score: 25,
      text: '2 of 8 key profile attributes known; missing phone, address, vatId, segment, accountManager, paymentTermsDays.',
      inputs: { known: 2, of: 8, missing: 'phone,address,vatId,segment,accountManager,paymentTermsDays' },
    });
  });
});

describe('persistency', () => {
  it('says the tenure and the orders of the window with what earns the full points', () => {
    // 366 / 1825 days × 50 = 10.03; 1 of 6 orders × 50 = 8.33; 18.36 → 18. SO-0 is the day before the window.
    const facts = factsOf(order('SO-1', '2025-03-01T00:00:00Z', 1), order('SO-0', '2025-02-28T23:59:59Z', 1));

    expect(persistencyScore(facts, config, NOW)).toEqual({
      score: 18,
      text: 'Customer for 366 days (full at 60 months) with 1 orders in the last 12 months (full at 6).',
      inputs: { tenureDays: 366, ordersInWindow: 1, tenurePoints: 10.03, frequencyPoints: 8.33 },
    });
  });

  it('caps each half at 50 points and counts no order after today', () => {
    const facts = factsOf(
      order('SO-0', '2015-01-01T00:00:00Z', 1),
      ...['04', '05', '06', '07', '08', '09', '10'].map((m) => order(`SO-${m}`, `2025-${m}-01T00:00:00Z`, 1)),
      order('SO-LATER', '2026-03-02T00:00:00Z', 1),
    );

    expect(persistencyScore(facts, config, NOW)).toMatchObject({
      score: 100,
      inputs: { ordersInWindow: 7, tenurePoints: 50, frequencyPoints: 50 },
    });
  });

  it('gives no tenure to a customer without orders, or to one whose first order is after the clock', () => {
    expect(persistencyScore(factsOf(), config, NOW)).toMatchObject({ score: 0, inputs: { tenureDays: 0 } });
    expect(
      persistencyScore(factsOf(order('SO-1', '2026-03-05T00:00:00Z', 1)), config, NOW).inputs,
    ).toMatchObject({ tenureDays: 0, ordersInWindow: 0 });
  });
});

describe('profitability', () => {
  it('scores the margin of the costed orders of the window and says it', () => {
    const facts = factsOf(
      order('SO-1', '2025-03-01T00:00:00Z', 1000, { costAmount: 800 }),
      order('SO-0', '2025-02-28T23:59:59Z', 1000, { costAmount: 0 }),
      order('SO-9', '2026-03-02T00:00:00Z', 1000, { costAmount: 0 }),
      order('SO-2', '2025-06-01T00:00:00Z', 1000),
    );

    expect(profitabilityScore(facts, config, NOW)).toEqual({
      score: 50,
      text: '20% gross margin on 1 orders (100 at 40%).',
      inputs: { revenue: 1000, cost: 800, margin: 0.2 },
    });
  });

  it('scores a loss 0 and a margin above the full margin 100', () => {
    const loss = factsOf(order('SO-1', '2025-06-01T00:00:00Z', 1000, { costAmount: 1200 }));
    const rich = factsOf(order('SO-1', '2025-06-01T00:00:00Z', 1000, { costAmount: 100 }));

    expect(profitabilityScore(loss, config, NOW).score).toBe(0);
    expect(profitabilityScore(rich, config, NOW).score).toBe(100);
  });

  it('gives no score without costed revenue in the window', () => {
    expect(
      profitabilityScore(factsOf(order('SO-1', '2025-06-01T00:00:00Z', 0, { costAmount: 5 })), config, NOW),
    ).toEqual({
      score: null,
      text: 'No order with revenue and cost in the last 12 months.',
      inputs: { revenue: 0, cost: 5, margin: null },
    });
  });
});

describe('performance', () => {
  it('splits revenue at the first day of the window: that day is the latest window, the day before the earlier one', () => {
    const facts = factsOf(
      order('SO-1', '2025-03-01T00:00:00Z', 300),
      order('SO-0', '2025-02-28T23:59:59Z', 100),
      order('SO-OLD', '2024-03-01T00:00:00Z', 100),
      order('SO-OLDER', '2024-02-29T23:59:59Z', 5000),
    );

    expect(performanceScore(facts, config, NOW)).toEqual({
      score: 60,
      text: 'Revenue 300 in the last 12 months against 200 in the 12 months before.',
      inputs: { current: 300, previous: 200 },
    });
  });

  it('gives no score without revenue in either window, 0 when buying stopped and 100 when all is new', () => {
    expect(performanceScore(factsOf(), config, NOW)).toEqual({
      score: null,
      text: 'No revenue in the last 24 months.',
      inputs: { current: 0, previous: 0 },
    });
    expect(performanceScore(factsOf(order('SO-1', '2024-06-01T00:00:00Z', 10)), config, NOW).score).toBe(0);
    expect(performanceScore(factsOf(order('SO-1', '2025-06-01T00:00:00Z', 10)), config, NOW).score).toBe(100);
  });
});

describe('prospecting', () => {
  it('counts open quotes and web interest of the window up to today and says what earns the full points', () => {
    const facts = factsOf(
      order('Q-1', '2025-03-01T00:00:00Z', 100, { status: 'quote' }),
      order('Q-LATER', '2026-03-02T00:00:00Z', 900, { status: 'quote' }),
      order('Q-OLD', '2025-02-28T23:59:59Z', 900, { status: 'quote' }),
      productView('m-1', '2025-03-01T00:00:00Z'),
      productView('m-0', '2025-02-28T23:59:59Z'),
      productView('m-9', '2026-03-02T00:00:00Z'),
    );

    expect(prospectingScore(facts, config, NOW)).toEqual({
      score: 28,
      text: '1 open quotations (full at 2) and 1 web interest events (full at 20) in the last 12 months.',
      inputs: { openQuotes: 1, openQuoteValue: 100, webInterestEvents: 1 },
    });
  });

  it('caps each half at 50 points', () => {
    const facts = factsOf(
      ...['1', '2', '3'].map((n) => order(`Q-${n}`, `2026-02-0${n}T00:00:00Z`, 1, { status: 'quote' })),
      ...Array.from({ length: 21 }, (_, i) =>
        productView(`m-${i}`, `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`),
      ),
    );

    expect(prospectingScore(facts, config, NOW).score).toBe(100);
  });
});

describe('product', () => {
  it('counts a warranty or contract ending today as covered, not one that ended yesterday', () => {
    const facts = factsOf(
      installed('IP-1', { partNumber: 'P-1', warrantyEnd: '2026-03-01' }),
      installed('IP-2', { partNumber: 'P-2', contractEnd: '2026-03-01' }),
      installed('IP-3', { partNumber: 'P-3', warrantyEnd: '2026-02-28', contractEnd: '2026-02-28' }),
      installed('IP-4', { partNumber: 'P-3' }),
    );

    expect(productScore(facts, config, NOW)).toEqual({
      score: 36,
      text: 'Owns 3 different parts (full at 10); 2 of 4 installed products under warranty or service contract.',
      inputs: { distinctParts: 3, covered: 2, owned: 4 },
    });
  });

  it('caps the breadth at 70 points and gives no score without installed products', () => {
    const many = factsOf(
      ...Array.from({ length: 12 }, (_, i) => installed(`IP-${i}`, { partNumber: `P-${i}` })),
    );

    expect(productScore(many, config, NOW).score).toBe(70);
    expect(productScore(factsOf(), config, NOW)).toEqual({
      score: null,
      text: 'No installed products known.',
      inputs: { distinctParts: 0, covered: 0, owned: 0 },
    });
  });
});

describe('promotion', () => {
  it('counts an order on the day of the contact up to 60 days after it as a response, not one day later or before', () => {
    const facts = factsOf(
      outbound('T-SAME', '2025-04-01T10:00:00Z'),
      order('SO-1', '2025-04-01T08:00:00Z', 1),
      outbound('T-60', '2025-06-01T10:00:00Z'),
      order('SO-2', '2025-07-31T10:00:00Z', 1),
      outbound('T-61', '2025-10-01T10:00:00Z'),
      order('SO-3', '2025-12-01T10:00:00Z', 1),
      order('SO-4', '2025-09-30T10:00:00Z', 1),
    );

    expect(promotionScore(facts, config, NOW)).toEqual({
      score: 67,
      text: '2 of 3 outbound contacts were followed by an order within 60 days.',
      inputs: { outbound: 3, responded: 2 },
    });
  });

  it('leaves out inbound contacts and outreach outside the window, and gives no score without outreach', () => {
    const facts = factsOf(
      interaction('T-IN', '2025-06-01T10:00:00Z', 'sales', { direction: 'inbound' }),
      outbound('T-OLD', '2025-02-28T10:00:00Z'),
      outbound('T-LATER', '2026-03-02T10:00:00Z'),
    );

    expect(promotionScore(facts, config, NOW)).toEqual({
      score: null,
      text: 'No outbound contact in the last 12 months.',
      inputs: { outbound: 0, responded: 0 },
    });
    expect(promotionScore(factsOf(outbound('T-1', '2025-03-01T00:00:00Z')), config, NOW).inputs).toEqual({
      outbound: 1,
      responded: 0,
    });
  });
});

describe('RFM edges', () => {
  it('cuts an empty population at 0 and records its size and time', () => {
    expect(computeRfmBoundaries([], NOW)).toEqual({
      recency: [0, 0, 0, 0],
      frequency: [0, 0, 0, 0],
      monetary: [0, 0, 0, 0],
      population: 0,
      computedAt: NOW,
    });
  });

  it('sorts values as numbers, not as text', () => {
    const population: RfmInput[] = [9, 10, 100, 2, 30].map((monetary, i) => ({
      customerId: `c${i}`,
      recencyDays: 1,
      frequency: 1,
      monetary,
    }));

    expect(computeRfmBoundaries(population, NOW).monetary).toEqual([2, 9, 10, 30]);
  });

  it('puts a value equal to a cut below it', () => {
    expect(quintileOf(10, [10, 20, 30, 40])).toBe(1);
    expect(quintileOf(10.5, [10, 20, 30, 40])).toBe(2);
    expect(quintileOf(41, [10, 20, 30, 40])).toBe(5);
  });

  it('scores a customer against the boundaries, keeping its raw values and the boundaries used', () => {
    const boundaries = computeRfmBoundaries([], NOW);
    const input: RfmInput = { customerId: 'c1', recencyDays: 0, frequency: 2, monetary: 50 };

    expect(scoreRfm(input, boundaries)).toEqual({
      recencyDays: 0,
      frequency: 2,
      monetary: 50,
      r: 1,
      f: 5,
      m: 5,
      code: '155',
      boundaries,
    });
  });

  it('has no recency for a customer who never bought and 0 days for an order after the clock', () => {
    expect(rfmInput(factsOf(), config, NOW)).toEqual({
      customerId: 'C1',
      recencyDays: null,
      frequency: 0,
      monetary: 0,
    });
    expect(rfmInput(factsOf(order('SO-1', '2026-03-05T00:00:00Z', 10)), config, NOW)).toEqual({
      customerId: 'C1',
      recencyDays: 0,
      frequency: 0,
      monetary: 0,
    });
  });

  it('counts the first day of the 24-month window and rounds the revenue to cents', () => {
    const facts = factsOf(
      order('SO-1', '2024-03-01T00:00:00Z', 0.1),
      order('SO-2', '2025-03-01T00:00:00Z', 0.2),
      order('SO-0', '2024-02-29T23:59:59Z', 5),
    );

    expect(rfmInput(facts, config, NOW)).toMatchObject({ frequency: 2, monetary: 0.3 });
  });

  it('adds RFM to the scorecard once boundaries exist', () => {
    // Against an empty population every cut is 0: −28 days is above none (R1), 1 order and 10 above all (F5, M5).
    const boundaries = computeRfmBoundaries([], NOW);

    expect(
      computeScorecard(factsOf(order('SO-1', '2026-02-01T00:00:00Z', 10)), config, NOW, boundaries).rfm,
    ).toMatchObject({
      recencyDays: 28,
      code: '155',
    });
  });
});
