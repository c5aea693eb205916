import { describe, expect, it } from 'vitest';
import { computeRfmBoundaries, type RfmInput, rfmInput, scoreRfm } from '../../../core/insights/rfm.ts';
import { computeScorecard } from '../../../core/insights/scorecard.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import { customer, factsOf, installed, interaction, order, productView } from './records.ts';

const NOW = '2026-03-01T00:00:00Z';
// The scorecard window is the 12 months from 2025-03-01; the window before it starts 2024-03-01.
// Facts and scorecards are built inside each test, not once per file, so mutation testing sees which
// tests exercise the insights code (work done while the file loads counts as covered by none).
const facts = () =>
  factsOf(
    customer('BP-1', {
      companyName: 'ACME',
      email: 'a@acme.example',
      phone: '+4930123',
      address: { city: 'Berlin' },
      vatId: 'DE1',
    }),
    order('SO-1', '2021-03-01T09:00:00Z', 5_000, { costAmount: 4_000 }),
    order('SO-2', '2024-06-01T09:00:00Z', 20_000),
    order('SO-3', '2025-05-01T09:00:00Z', 30_000, { costAmount: 21_000 }),
    order('SO-4', '2025-11-01T09:00:00Z', 10_000, { costAmount: 8_000 }),
    order('Q-1', '2026-02-01T09:00:00Z', 6_000, { status: 'quote' }),
    ...['m-1', 'm-2', 'm-3', 'm-4', 'm-5'].map((id, i) => productView(id, `2026-02-0${i + 1}T10:00:00Z`)),
    installed('IP-1', { partNumber: 'P-100', warrantyEnd: '2026-12-31' }),
    installed('IP-2', { partNumber: 'P-200', contractEnd: '2025-12-31' }),
    installed('IP-3', { partNumber: 'P-100' }),
    interaction('T-1', '2025-04-20T10:00:00Z', 'sales', { direction: 'outbound', kind: 'contact' }),
    interaction('T-2', '2025-12-15T10:00:00Z', 'sales', { direction: 'outbound', kind: 'contact' }),
  );

describe('7P scorecard', () => {
  const card = () => computeScorecard(facts(), config, NOW, null);

  it('profiling: 5 of 8 key attributes known → 100 × 5/8 = 62.5 → 63', () => {
    expect(card().profiling).toMatchObject({
      score: 63,
      inputs: { known: 5, of: 8, missing: 'segment,accountManager,paymentTermsDays' },
    });
  });

  it('persistency: tenure 1826 days ≥ 60 months (1825 days) → 50; 2 orders in 12 months → 50 × 2/6 = 16.67; 66.67 → 67', () => {
    expect(card().persistency).toMatchObject({
      score: 67,
      inputs: { tenureDays: 1826, ordersInWindow: 2, tenurePoints: 50, frequencyPoints: 16.67 },
    });
  });

  it('profitability: (40,000 − 29,000) / 40,000 = 27.5% margin; 0.275 / 0.4 = 0.6875 → 69', () => {
    expect(card().profitability).toMatchObject({
      score: 69,
      inputs: { revenue: 40_000, cost: 29_000, margin: 0.275 },
    });
  });

  it('performance: 40,000 this year against 20,000 the year before → 100 × 40/60 = 66.67 → 67', () => {
    expect(card().performance).toMatchObject({ score: 67, inputs: { current: 40_000, previous: 20_000 } });
  });

  it('prospecting: 1 open quote → 50 × 1/2 = 25; 5 web interest events → 50 × 5/20 = 12.5; 37.5 → 38', () => {
    expect(card().prospecting).toMatchObject({
      score: 38,
      inputs: { openQuotes: 1, openQuoteValue: 6_000, webInterestEvents: 5 },
    });
  });

  it('product: 2 distinct parts → 70 × 2/10 = 14; 1 of 3 still under warranty or contract → 30 × 1/3 = 10; 24', () => {
    expect(card().product).toMatchObject({ score: 24, inputs: { distinctParts: 2, covered: 1, owned: 3 } });
  });

  it('promotion: SO-3 followed T-1 within 60 days, nothing followed T-2 → 1 of 2 → 50', () => {
    expect(card().promotion).toMatchObject({ score: 50, inputs: { outbound: 2, responded: 1 } });
  });

  it('shows no RFM until a population snapshot gives boundaries', () => {
    expect(card().rfm).toBeNull();
  });

  it('leaves profitability, performance, product and promotion empty (null) for a customer without those facts', () => {
    const blank = computeScorecard(factsOf(), config, NOW, null);

    expect(
      [blank.profitability, blank.performance, blank.product, blank.promotion].map((s) => s.score),
    ).toEqual([null, null, null, null]);
    expect(blank.profiling.score).toBe(0);
  });
});

describe('RFM quintiles', () => {
  // Ten buyers: recency 10..100 days, frequency 1,1,2,2,3,3,4,5,6,8, monetary 100..1000; one non-buyer.
  const frequencies = [1, 1, 2, 2, 3, 3, 4, 5, 6, 8];
  const population: RfmInput[] = frequencies.map((frequency, i) => ({
    customerId: `c${i + 1}`,
    recencyDays: 10 * (i + 1),
    frequency,
    monetary: 100 * (i + 1),
  }));
  const nonBuyer: RfmInput = { customerId: 'c0', recencyDays: null, frequency: 0, monetary: 0 };
  const boundaries = () => computeRfmBoundaries([...population, nonBuyer], NOW);
  const code = (id: string) =>
    scoreRfm([...population, nonBuyer].find((p) => p.customerId === id) as RfmInput, boundaries()).code;

  it('cut each dimension at the values ranked ceil(k × 10 / 5) = 2, 4, 6 and 8 among the 10 buyers', () => {
    // Recency is negated (more recent = higher): sorted −100, −90, …, −10 → cuts −90, −70, −50, −30.
    expect(boundaries()).toMatchObject({
      recency: [-90, -70, -50, -30],
      frequency: [1, 2, 3, 5],
      monetary: [200, 400, 600, 800],
      population: 10,
    });
  });

  it('score the most recent small buyer 511, the middle one 333 and the oldest big buyer 155', () => {
    // c1: −10 above all four recency cuts → R5; frequency 1 above none → F1; 100 above none → M1.
    // c5: −50 above −90 and −70 → R3; 3 above 1 and 2 → F3; 500 above 200 and 400 → M3.
    // c10: −100 above none → R1; 8 above all → F5; 1000 above all → M5.
    expect([code('c1'), code('c5'), code('c10')]).toEqual(['511', '333', '155']);
  });

  it('put tied values in the same quintile and a customer who never bought in 111', () => {
    expect([code('c1'), code('c2')].map((c) => c[1])).toEqual(['1', '1']);
    expect(code('c0')).toBe('111');
  });

  it('take recency from the last purchase and frequency and monetary from the 24-month window', () => {
    // Last order 2025-11-01 → 120 days; from 2024-03-01: SO-2, SO-3, SO-4 = 3 orders, 60,000.
    expect(rfmInput(facts(), config, NOW)).toEqual({
      customerId: 'C1',
      recencyDays: 120,
      frequency: 3,
      monetary: 60_000,
    });
    expect(computeScorecard(facts(), config, NOW, boundaries()).rfm).toMatchObject({
      r: 1,
      f: 3,
      m: 5,
      code: '135',
    });
  });
});
